import Testing
@testable import Plexus

@Suite struct ShapeGradientTests {
    let x = uniform([2, 3, 4], -1, 1, seed: 21)

    @Test func transposedAndPermuted() {
        expectGradient(at: [uniform([3, 5], -1, 1, seed: 22)]) { $0[0].transposed() }
        expectGradient(at: [x]) { $0[0].permuted([2, 0, 1]) }
        expectGradient(at: [x]) { $0[0].permuted([1, 2, 0]) }
        expectGradient(at: [x]) { $0[0].permuted([0, 1, 2]) }
        expectGradient(at: [uniform([3, 5], -1, 1, seed: 23)]) { $0[0].permuted([1, 0]) }
    }

    @Test func reshapes() {
        expectGradient(at: [x]) { $0[0].reshaped([4, -1]) }
        expectGradient(at: [x]) { $0[0].reshaped(to: [6, 4]) }
        expectGradient(at: [x]) { $0[0].flattened() }
        let withOnes = uniform([1, 3, 1, 2], -1, 1, seed: 24)
        expectGradient(at: [withOnes]) { $0[0].squeezed() }
        expectGradient(at: [withOnes]) { $0[0].squeezed(at: 2) }
        expectGradient(at: [withOnes]) { $0[0].squeezed(at: 0) }
        expectGradient(at: [x]) { $0[0].expandingShape(at: 1) }
        expectGradient(at: [x]) { $0[0].expandingShape(at: -1) }
    }

    @Test func summedAndBroadcastedToShape() {
        expectGradient(at: [x]) { $0[0].summed(toShape: [3, 1]) }
        expectGradient(at: [x]) { $0[0].summed(toShape: [2, 1, 4]) }
        expectGradient(at: [x]) { $0[0].summed(toShape: []) }
        expectGradient(at: [uniform([3, 1], -1, 1, seed: 25)]) { $0[0].broadcasted(toShape: [2, 3, 4]) }
        #expect(Tensor([[1, 2, 3], [4, 5, 6]]).summed(toShape: [3]) == Tensor([5, 7, 9]))
        #expect(Tensor([[1, 2, 3], [4, 5, 6]]).summed(toShape: [2, 1]) == Tensor([[6], [15]]))
        #expect(Tensor([1, 2]).broadcasted(toShape: [2, 2]) == Tensor([[1, 2], [1, 2]]))
    }

    @Test(arguments: [0, 1, 2, -1])
    func concatenate(alongAxis axis: Int) {
        var other = x.shape
        other[(axis + 3) % 3] = 2
        let y = uniform(other, -1, 1, seed: 26)
        expectGradient(at: [x, y]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: axis) }
        // One operand constant; one tracked tensor used twice gets both pieces.
        expectGradient(at: [x]) { Tensor.concatenate([$0[0], y, $0[0]], alongAxis: axis) }
    }

    @Test func gatheringRowsAccumulatesRepeatedRows() {
        let table = uniform([4, 3], -1, 1, seed: 27)
        expectGradient(at: [table]) { $0[0].gatheringRows([2, 0, 2, 2, 3]) }
        let (_, gradient) = valueWithGradient(at: table) { $0.gatheringRows([2, 0, 2]).sum() }
        #expect(gradient == Tensor([[1, 1, 1], [0, 0, 0], [2, 2, 2], [0, 0, 0]]))
    }

    @Test func rows() {
        let table = uniform([5, 2, 2], -1, 1, seed: 28)
        expectGradient(at: [table]) { $0[0].rows(1..<4) }
        expectGradient(at: [table]) { $0[0].rows(0..<5) }
        expectGradient(at: [table]) { $0[0].rows(4..<5) }
        let (_, gradient) = valueWithGradient(at: Tensor([1, 2, 3])) { $0.rows(1..<2).sum() }
        #expect(gradient == Tensor([0, 1, 0]))
    }
}
