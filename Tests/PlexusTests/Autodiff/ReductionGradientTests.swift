import Testing
@testable import Plexus

@Suite struct ReductionGradientTests {
    @Test func wholeTensor() {
        let x = uniform([2, 3, 4], -1, 1, seed: 31)
        expectGradient(at: [x]) { $0[0].sum() }
        expectGradient(at: [x]) { $0[0].mean() }
        let grid = distinctGrid([2, 3, 4], seed: 32)
        expectGradient(at: [grid]) { $0[0].max() }
        expectGradient(at: [grid]) { $0[0].min() }
        expectGradient(at: [Tensor(shape: [], scalars: [2])]) { $0[0].max() }
    }

    /// Every axis of a 3-D tensor, negative too, with and without the kept dimension.
    @Test(arguments: [0, 1, 2, -1, -3], [false, true])
    func alongAxis(_ axis: Int, keepingDimensions: Bool) {
        let x = uniform([2, 3, 4], -1, 1, seed: 33)
        expectGradient(at: [x]) { $0[0].sum(alongAxis: axis, keepingDimensions: keepingDimensions) }
        expectGradient(at: [x]) { $0[0].mean(alongAxis: axis, keepingDimensions: keepingDimensions) }
        let grid = distinctGrid([2, 3, 4], seed: 34)
        expectGradient(at: [grid]) { $0[0].max(alongAxis: axis, keepingDimensions: keepingDimensions) }
        expectGradient(at: [grid]) { $0[0].min(alongAxis: axis, keepingDimensions: keepingDimensions) }
    }

    @Test func tiesGiveTheGradientToTheFirst() {
        let x = Tensor([[3, 1, 3], [2, 2, 0]])
        #expect(valueWithGradient(at: x) { $0.max() }.gradient == Tensor([[1, 0, 0], [0, 0, 0]]))
        #expect(valueWithGradient(at: x) { $0.min() }.gradient == Tensor([[0, 0, 0], [0, 0, 1]]))
        let alongRows = valueWithGradient(at: x) { $0.max(alongAxis: 1).sum() }.gradient
        #expect(alongRows == Tensor([[1, 0, 0], [1, 0, 0]]))
        let alongColumns = valueWithGradient(at: Tensor([[1, 2], [1, 0]])) { $0.min(alongAxis: 0).sum() }.gradient
        #expect(alongColumns == Tensor([[1, 0], [0, 1]]))
    }
}
