import Testing
@testable import Plexus
import CPlexusKernels

@Suite struct MatmulTests {
    /// Shapes at the edges of the tiles and blocks: empty, 1xN, Nx1, odd sizes, one past
    /// a tile (MR 6/12, NR 8/16/32), past KC (256) and MC (144), the course's shapes.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (0, 5, 3), (4, 0, 3), (3, 4, 0), (1, 1, 1), (1, 37, 5), (37, 1, 5), (5, 7, 1),
        (6, 16, 8), (7, 17, 9), (12, 32, 3), (13, 33, 31), (11, 65, 70), (145, 70, 257),
        (32, 25, 784), (784, 25, 32), (32, 784, 25), (150, 150, 300), (3, 300, 2),
        // Split over threads by depth (k far above m and n), and by columns (m = n, few rows).
        (20, 24, 5000), (128, 128, 128),
        // Rows in balanced blocks over two workers (4 of 78), depth in equal slices (3 of 200).
        (300, 80, 600),
    ]

    static let transposes = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: MatmulBackend.available)
    func matchesReference(backend: MatmulBackend) {
        for (index, shape) in Self.shapes.enumerated() {
            for (transposeA, transposeB) in Self.transposes {
                let (m, n, k) = shape
                let a = testValues(m * k, seed: UInt64(index * 4 + 1))
                let b = testValues(k * n, seed: UInt64(index * 4 + 2))
                let expected = referenceProduct(a, b, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                let left = Tensor(shape: transposeA ? [k, m] : [m, k], scalars: a)
                let right = Tensor(shape: transposeB ? [n, k] : [k, n], scalars: b)
                for threads in [1, 2] {
                    let c = backend.matmul(left, right, transposeA: transposeA, transposeB: transposeB, threads: threads)
                    #expect(c.shape == [m, n])
                    let error = maxScaledError(c.scalars, expected, k: k)
                    #expect(
                        error < 1e-5,
                        "\(backend) \(m)x\(n)x\(k) transposeA \(transposeA) transposeB \(transposeB) threads \(threads): error \(error)")
                }
            }
        }
    }

    /// Large enough that the product is split across threads, packs A, and spans several blocks.
    @Test(arguments: MatmulBackend.available)
    func largeProductAcrossThreads(backend: MatmulBackend) {
        let (m, n, k) = (301, 290, 520)
        let a = testValues(m * k, seed: 7), b = testValues(k * n, seed: 8)
        let expected = referenceProduct(a, b, m: m, n: n, k: k, transposeA: false, transposeB: false)
        let c = backend.matmul(Tensor(shape: [m, k], scalars: a), Tensor(shape: [k, n], scalars: b), threads: 2)
        #expect(maxScaledError(c.scalars, expected, k: k) < 1e-5)
    }

    @Test(arguments: MatmulBackend.available)
    func accumulateAddsToExistingValues(backend: MatmulBackend) {
        for (m, n, k) in [(7, 17, 9), (32, 25, 784), (0, 3, 2), (3, 3, 0), (20, 24, 5000)] {
            let a = testValues(m * k, seed: 3), b = testValues(k * n, seed: 4)
            let start = testValues(m * n, seed: 5)
            let product = referenceProduct(a, b, m: m, n: n, k: k, transposeA: false, transposeB: false)
            var c = start
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        guard m > 0, n > 0 else { return }
                        backend.gemm(
                            m: m, n: n, k: k, a: a.baseAddress ?? UnsafePointer(bitPattern: 64)!, lda: k,
                            transposeA: false, b: b.baseAddress ?? UnsafePointer(bitPattern: 64)!, ldb: n,
                            transposeB: false, c: c.baseAddress!, ldc: n, accumulate: true, threads: 2)
                    }
                }
            }
            let expected = zip(start, product).map { $0 + $1 }
            #expect(maxScaledError(c, expected, k: k) < 1e-5, "\(backend) \(m)x\(n)x\(k)")
        }
    }

    /// Every backend present gives the same product as every other.
    @Test func backendsAgree() {
        let (m, n, k) = (64, 48, 200)
        let a = Tensor(shape: [m, k], scalars: testValues(m * k, seed: 11))
        let b = Tensor(shape: [n, k], scalars: testValues(n * k, seed: 12))
        let products = MatmulBackend.available.map { $0.matmul(a, b, transposeB: true) }
        for product in products.dropFirst() {
            #expect(maxScaledError(product.scalars, products[0].scalars, k: k) < 1e-5)
        }
    }

    /// The slower instruction-set paths are exercised on a fast CPU by naming them in
    /// PLEXUS_ISA in a child process; here, the kernel the CPU chose is at least named.
    /// Equal blocks: depth 784 as 4 x 196 (not 3 x 256 + 16), 784 rows on two workers as 6 x 132
    /// (not 5 x 144 + 64), and never more than the limit unless the multiple is.
    @Test func blocksAreBalanced() {
        #expect(NativeGemm.balancedBlock(784, limit: 256, multiple: 1) == 196)
        #expect(NativeGemm.balancedBlock(256, limit: 256, multiple: 1) == 256)
        #expect(NativeGemm.balancedBlock(16, limit: 256, multiple: 1) == 16)
        #expect(NativeGemm.balancedBlock(784, limit: 144, multiple: 6, parts: 2) == 132)
        #expect(NativeGemm.balancedBlock(512, limit: 144, multiple: 6, parts: 2) == 132)
        #expect(NativeGemm.balancedBlock(100, limit: 144, multiple: 12, parts: 2) == 60)
        #expect(NativeGemm.balancedBlock(5, limit: 4, multiple: 6) == 6)
    }

    @Test func kernelIsNamed() {
        #expect(["avx512", "avx2+fma", "portable"].contains(CPUKernels.isaName))
    }

    @Test func matrixShapeMismatchNamesShapes() async {
        await #expect(processExitsWith: .failure) {
            _ = matmul(Tensor(shape: [2, 3], repeating: 1), Tensor(shape: [4, 2], repeating: 1))
        }
    }
}

/// Each instruction-set level this CPU supports (the portable one always), run directly.
@Suite struct MicroKernelLevelTests {
    /// A one-row product (one sample's prediction) takes the row kernel when B is padded; its
    /// row must match the reference and carry exactly the bits the same row gets inside a batch
    /// of 7 (tiles of the micro-kernel), at every level, for widths that reach the four-vector
    /// blocks, the two-vector tail and a partial vector, and depths of one slice, of two (run
    /// side by side), of three (a pair and one alone) and of five, written into C or added to it.
    @Test(arguments: [false, true])
    func aSingleRowHasTheBitsOfItsRowInABatch(accumulate: Bool) {
        for isa in CPUKernels.supportedISAs {
            let kernel = GemmMicroKernel(plx_gemm_kernel_for(isa))
            for n in [1, 9, 16, 17, 25, 33, 64, 70] {
                for k in [1, 5, 511, 784, 1100, 2100] {
                    let a = testValues(7 * k, seed: UInt64(n * 31 + k))
                    // Padded as a Tensor's storage is: the row kernel may read a tile width past B's end.
                    let b = testValues(k * n, seed: UInt64(n * 17 + k)) + [Float](repeating: .nan, count: 64)
                    // What C holds before a product that adds to it.
                    let initial = testValues(7 * n, seed: UInt64(k))
                    func product(rows: Int, from first: Int) -> [Float] {
                        var c = accumulate ? Array(initial[(first * n)..<((first + rows) * n)]) : [Float](repeating: .nan, count: rows * n)
                        a.withUnsafeBufferPointer { a in
                            b.withUnsafeBufferPointer { b in
                                c.withUnsafeMutableBufferPointer { c in
                                    NativeGemm.multiply(
                                        MatrixView(a.baseAddress! + first * k, rows: rows, columns: k, ld: k, transposed: false),
                                        MatrixView(b.baseAddress!, rows: k, columns: n, ld: n, transposed: false),
                                        into: c.baseAddress!, ldc: n, accumulate: accumulate, threads: 1, bIsPadded: true,
                                        kernel: kernel)
                                }
                            }
                        }
                        return c
                    }
                    let batch = product(rows: 7, from: 0)
                    let expected = zip(
                        referenceProduct(
                            Array(a[(6 * k)...]), Array(b[0..<(k * n)]), m: 1, n: n, k: k, transposeA: false, transposeB: false),
                        initial[(6 * n)...]
                    ).map { accumulate ? $0 + $1 : $0 }
                    let first = product(rows: 1, from: 0), last = product(rows: 1, from: 6)
                    #expect(maxScaledError(last, expected, k: k) < 1e-5, "isa \(isa.rawValue) 1x\(n)x\(k)")
                    #expect(first.map(\.bitPattern) == batch[0..<n].map(\.bitPattern), "isa \(isa.rawValue) n \(n) k \(k) row 0")
                    #expect(last.map(\.bitPattern) == batch[(6 * n)...].map(\.bitPattern), "isa \(isa.rawValue) n \(n) k \(k) row 6")
                }
            }
        }
    }

    @Test func everyLevelMatchesReference() {
        for isa in CPUKernels.supportedISAs {
            let kernel = GemmMicroKernel(plx_gemm_kernel_for(isa))
            for (index, (m, n, k)) in MatmulTests.shapes.enumerated() {
                for (transposeA, transposeB) in MatmulTests.transposes {
                    let a = testValues(m * k, seed: UInt64(index + 100))
                    let b = testValues(k * n, seed: UInt64(index + 200))
                    let expected = referenceProduct(a, b, m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
                    var c = [Float](repeating: .nan, count: m * n)
                    a.withUnsafeBufferPointer { a in
                        b.withUnsafeBufferPointer { b in
                            c.withUnsafeMutableBufferPointer { c in
                                guard m > 0, n > 0 else { return }
                                let dummy = UnsafePointer<Float>(bitPattern: 64)!
                                NativeGemm.multiply(
                                    MatrixView(a.baseAddress ?? dummy, rows: m, columns: k, ld: transposeA ? m : k, transposed: transposeA),
                                    MatrixView(b.baseAddress ?? dummy, rows: k, columns: n, ld: transposeB ? k : n, transposed: transposeB),
                                    into: c.baseAddress!, ldc: n, accumulate: false, threads: 2, kernel: kernel)
                            }
                        }
                    }
                    #expect(maxScaledError(c, expected, k: k) < 1e-5, "isa \(isa.rawValue) \(m)x\(n)x\(k) \(transposeA) \(transposeB)")
                }
            }
        }
    }
}

/// The packing kernel that turns runs stored along the depth into depth-major panels, at every
/// level: an exact copy (it moves floats, computes nothing), zeros in the lanes past the
/// runs, and nothing written past the panel. Every panel width the kernels use (6, 8, 12, 16,
/// 32), every lane count up to it (the 8-lane blocks, the 4-lane blocks and single lanes), and
/// depths that reach the 8-deep and 4-deep blocks and their tails.
@Suite struct PackingKernelTests {
    @Test func everyLevelPacksExactly() {
        for isa in CPUKernels.supportedISAs {
            let kernel = GemmMicroKernel(plx_gemm_kernel_for(isa))
            for width in [6, 8, 12, 16, 32] {
                for lanes in 0...width {
                    for depth in [1, 3, 4, 7, 8, 9, 12, 16, 17, 33] {
                        let laneStride = depth + 5
                        let source = testValues(Swift.max(lanes, 1) * laneStride, seed: UInt64(width * 1000 + lanes * 50 + depth))
                        var panel = [Float](repeating: .nan, count: depth * width + 3)
                        source.withUnsafeBufferPointer { source in
                            panel.withUnsafeMutableBufferPointer { panel in
                                kernel.packTransposed(panel.baseAddress!, width, depth, source.baseAddress!, laneStride, lanes)
                            }
                        }
                        var expected = [Float](repeating: 0, count: depth * width)
                        for lane in 0..<lanes {
                            for p in 0..<depth { expected[p * width + lane] = source[lane * laneStride + p] }
                        }
                        #expect(
                            panel[0..<(depth * width)].map(\.bitPattern) == expected.map(\.bitPattern),
                            "isa \(isa.rawValue) width \(width) lanes \(lanes) depth \(depth)")
                        #expect(panel[(depth * width)...].allSatisfy { $0.isNaN }, "isa \(isa.rawValue) wrote past the panel")
                    }
                }
            }
        }
    }
}
