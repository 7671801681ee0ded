import CPlexusKernels
import Testing

@testable import Plexus

/// The convolution product read straight from the images against the column matrix times the
/// kernel in Double, at every instruction-set level, on geometries whose output rows reach
/// past a tile's height (12 and 6 rows) and whose filters reach past a tile's width.
@Suite struct PatchesInPlaceTests {
    private static let geometries: [(shape: [Int], window: Int, strideY: Int, strideX: Int, units: Int)] = [
        ([13, 13, 32], 3, 1, 1, 64),  // the course network's second convolution
        ([9, 30, 16], 2, 1, 1, 20),  // output rows of 29: two tiles and an edge
        ([11, 12, 11], 3, 2, 2, 33),  // strides, runs of 33, one column past a tile
        ([6, 5, 40], 1, 1, 1, 7),  // a 1x1 window of 40 channels
    ]

    @Test func matchesTheColumnMatrixProductAtEveryLevel() {
        for (index, g) in Self.geometries.enumerated() {
            let window = SlidingWindow(
                height: g.window, width: g.window, strideY: g.strideY, strideX: g.strideX, padding: .valid, role: "kernel")
            let geometry = window.geometry(forImageShape: g.shape, batch: 3, layer: "test")
            #expect(geometry.readsPatchesInPlace, "\(g)")
            let x = Tensor(shape: [3] + g.shape, scalars: testValues(3 * geometry.imageSize, seed: UInt64(index) + 1))
            let w = Tensor(shape: [geometry.patchSize, g.units], scalars: testValues(geometry.patchSize * g.units, seed: 9))
            let rows = 3 * geometry.positionsPerImage
            var columns = [Float](repeating: 0, count: rows * geometry.patchSize)
            x.withUnsafeBufferPointer { xBuffer in
                columns.withUnsafeMutableBufferPointer { geometry.im2colByRuns(xBuffer.baseAddress!, images: 0..<3, into: $0.baseAddress!) }
            }
            let expected = referenceProduct(
                columns, w.scalars, m: rows, n: g.units, k: geometry.patchSize, transposeA: false, transposeB: false)
            for isa in CPUKernels.supportedISAs {
                // Images 1 and 2 only, as a core's later chunk asks; one guard float after them.
                let count = 2 * geometry.positionsPerImage * g.units
                var z = [Float](repeating: .nan, count: count + 1)
                x.withUnsafeBufferPointer { xBuffer in
                    w.withUnsafeBufferPointer { wBuffer in
                        z.withUnsafeMutableBufferPointer {
                            geometry.productReadingPatchesInPlace(
                                xBuffer.baseAddress!, images: 1..<3, kernel: wBuffer.baseAddress!, units: g.units,
                                into: $0.baseAddress!, microKernel: GemmMicroKernel(plx_gemm_kernel_for(isa)))
                        }
                    }
                }
                let tail = Array(expected.suffix(count))
                #expect(maxScaledError(Array(z.prefix(count)), tail, k: geometry.patchSize) < 1e-5, "\(g) isa \(isa.rawValue)")
                #expect(z[count].isNaN, "\(g) isa \(isa.rawValue): written past the output")
            }
        }
    }

    /// The kernel gradient packed straight from the images has the bits of the blocked product
    /// over the column matrix, at every level: window rows a multiple of the panel height, and
    /// not (33 floats), and a part of the batch that starts past its first image.
    @Test func kernelGradientHasTheBitsOfTheColumnMatrixProduct() {
        let cases: [(shape: [Int], window: Int, stride: Int, units: Int, images: Range<Int>)] = [
            ([13, 13, 32], 3, 1, 64, 1..<4), ([11, 12, 11], 3, 2, 33, 1..<7), ([9, 9, 16], 2, 1, 20, 0..<3),
        ]
        for (index, c) in cases.enumerated() {
            let window = SlidingWindow(
                height: c.window, width: c.window, strideY: c.stride, strideX: c.stride, padding: .valid, role: "kernel")
            let geometry = window.geometry(forImageShape: c.shape, batch: c.images.upperBound + 1, layer: "test")
            let rows = c.images.count * geometry.positionsPerImage, patch = geometry.patchSize
            let x = Tensor(
                shape: [geometry.batch] + c.shape, scalars: testValues(geometry.batch * geometry.imageSize, seed: UInt64(index) + 3))
            // The gradient rows, with a tile width of readable slack after them.
            let dz = testValues(rows * c.units, seed: UInt64(index) + 20) + [Float](repeating: .nan, count: 64)
            let start = testValues(patch * c.units, seed: 5)
            var columns = [Float](repeating: 0, count: rows * patch)
            x.withUnsafeBufferPointer { xBuffer in
                columns.withUnsafeMutableBufferPointer {
                    geometry.im2colByRuns(xBuffer.baseAddress!, images: c.images, into: $0.baseAddress!)
                }
            }
            for isa in CPUKernels.supportedISAs {
                let kernel = GemmMicroKernel(plx_gemm_kernel_for(isa))
                #expect(geometry.kernelGradientReadsInPlace(rows: rows, units: c.units, kernel: kernel), "\(c)")
                for accumulate in [false, true] {
                    var expected = start, found = start
                    columns.withUnsafeBufferPointer { a in
                        dz.withUnsafeBufferPointer { b in
                            expected.withUnsafeMutableBufferPointer {
                                NativeGemm.multiply(
                                    MatrixView(a.baseAddress!, rows: patch, columns: rows, ld: patch, transposed: true),
                                    MatrixView(b.baseAddress!, rows: rows, columns: c.units, ld: c.units, transposed: false),
                                    into: $0.baseAddress!, ldc: c.units, accumulate: accumulate, threads: 1, bIsPadded: true,
                                    kernel: kernel)
                            }
                        }
                    }
                    x.withUnsafeBufferPointer { xBuffer in
                        dz.withUnsafeBufferPointer { b in
                            found.withUnsafeMutableBufferPointer {
                                geometry.kernelGradientReadingPatchesInPlace(
                                    xBuffer.baseAddress!, images: c.images, gradient: b.baseAddress!, units: c.units,
                                    into: $0.baseAddress!, accumulate: accumulate, kernel: kernel)
                            }
                        }
                    }
                    #expect(
                        found.map(\.bitPattern) == expected.map(\.bitPattern),
                        "\(c) isa \(isa.rawValue) accumulate \(accumulate)")
                }
            }
        }
    }

    @Test func notTakenWherePatchesLeaveTheImage() {
        let same = SlidingWindow(height: 3, width: 3, strideY: 1, strideX: 1, padding: .same, role: "kernel")
        #expect(!same.geometry(forImageShape: [13, 13, 32], layer: "test").readsPatchesInPlace, "padding")
        let valid = SlidingWindow(height: 3, width: 3, strideY: 1, strideX: 1, padding: .valid, role: "kernel")
        #expect(!valid.geometry(forImageShape: [28, 28, 1], layer: "test").readsPatchesInPlace, "runs of three")
    }
}
