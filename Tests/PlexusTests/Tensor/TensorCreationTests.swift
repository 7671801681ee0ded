import Testing
import Plexus

@Suite struct TensorCreationTests {
    @Test func zerosOnesFilled() {
        #expect(Tensor.zeros([2, 3]) == Tensor(shape: [2, 3], scalars: [0, 0, 0, 0, 0, 0]))
        #expect(Tensor.ones([3]) == Tensor([1, 1, 1]))
        #expect(Tensor.filled([2, 2], with: 7) == Tensor([[7, 7], [7, 7]]))
        #expect(Tensor.zeros([]).shape == [])
        #expect(Tensor.zeros([]).scalar == 0)
        #expect(Tensor.ones([0, 3]).count == 0)
        #expect(Tensor.ones([0, 3]).shape == [0, 3])
    }

    @Test func identity() {
        #expect(Tensor.identity(3) == Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        #expect(Tensor.identity(1) == Tensor([[1]]))
        #expect(Tensor.identity(0).shape == [0, 0])
    }

    @Test func integerRange() {
        #expect(Tensor.range(5) == Tensor([0, 1, 2, 3, 4]))
        #expect(Tensor.range(0).shape == [0])
    }

    @Test func floatRangeLikeArange() {
        #expect(Tensor.range(from: 1, to: 2, step: 0.25) == Tensor([1, 1.25, 1.5, 1.75]))
        #expect(Tensor.range(from: 0, to: 5) == Tensor([0, 1, 2, 3, 4]))
        // ceil((5 - 0) / 2) = 3 elements: 0, 2, 4
        #expect(Tensor.range(from: 0, to: 5, step: 2) == Tensor([0, 2, 4]))
        #expect(Tensor.range(from: 3, to: 0, step: -1) == Tensor([3, 2, 1]))
        #expect(Tensor.range(from: 2, to: 1).shape == [0])
        #expect(Tensor.range(from: 1, to: 1).shape == [0])
        #expect(Tensor.range(from: -1, to: 0.5, step: 0.5) == Tensor([-1, -0.5, 0]))
    }

    @Test func zeroStepStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.range(from: 0, to: 1, step: 0)
        }
    }
}
