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

    @Test func notTakenWherePatchesLeaveTheImage() {
        let same = SlidingWindow(height: 3, width: 3, strideY: 1, strideX: 1, padding: .same, role: "kernel")
        #expect(!same.geometry(forImageShape: [13, 13, 32], layer: "test").readsPatchesInPlace, "padding")
        let valid = SlidingWindow(height: 3, width: 3, strideY: 1, strideX: 1, padding: .valid, role: "kernel")
        #expect(!valid.geometry(forImageShape: [28, 28, 1], layer: "test").readsPatchesInPlace, "runs of three")
    }
}
