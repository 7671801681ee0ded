import Testing
import Plexus

@Suite struct TensorComparisonTests {
    @Test func masksWithBroadcasting() {
        let x = Tensor([[1, 5], [3, 2]])
        #expect(x.isGreater(than: Tensor([2, 2])) == Tensor([[0, 1], [1, 0]]))
        #expect(x.isLess(than: Tensor([[2], [3]])) == Tensor([[1, 0], [0, 1]]))
        #expect(x.isEqual(to: Tensor([1, 2])) == Tensor([[1, 0], [0, 1]]))
        #expect((x .> Tensor(2)) == Tensor([[0, 1], [1, 0]]))
        #expect((x .< Tensor([[3, 3]])) == Tensor([[1, 0], [0, 1]]))
        #expect((x .== x) == Tensor([[1, 1], [1, 1]]))
    }

    @Test func masksWithScalars() {
        let x = Tensor([-1, 0, 2])
        #expect(x.isGreater(than: 0) == Tensor([0, 0, 1]))
        #expect(x.isLess(than: 0) == Tensor([1, 0, 0]))
        #expect(x.isEqual(to: 0) == Tensor([0, 1, 0]))
        #expect((x .> 0) == Tensor([0, 0, 1]))
        #expect((x .< 0) == Tensor([1, 0, 0]))
        #expect((x .== 2) == Tensor([0, 0, 1]))
        // A mask multiplies like any tensor: ReLU.
        #expect((x .> 0) * x == Tensor([0, 0, 2]))
        #expect(Tensor([Float.nan]).isEqual(to: .nan) == Tensor([0]))
    }

    @Test func equatable() {
        #expect(Tensor([1, 2, 3, 4]) != Tensor([[1, 2], [3, 4]]))  // same values, other shape
        #expect(Tensor([1, 2]) == Tensor([1, 2]))
        #expect(Tensor([1, 2]) != Tensor([1, 3]))
        #expect(Tensor([0]) == Tensor([-0.0]))
        #expect(Tensor([Float.nan]) != Tensor([Float.nan]))
        #expect(Tensor.zeros([0, 3]) == Tensor.zeros([0, 3]))
        #expect(Tensor.zeros([0, 3]) != Tensor.zeros([3, 0]))
        #expect(Tensor(1) != Tensor([1]))
    }

    @Test func approximateEquality() {
        #expect(Tensor([1, 2]).isApproximatelyEqual(to: Tensor([1.000001, 2])))
        #expect(!Tensor([1, 2]).isApproximatelyEqual(to: Tensor([1.001, 2])))
        #expect(Tensor([1, 2]).isApproximatelyEqual(to: Tensor([1.001, 2]), tolerance: 1e-2))
        // Relative for large values: 1e6 and 1e6 + 5 differ by 5e-6 of their size.
        #expect(Tensor([1e6]).isApproximatelyEqual(to: Tensor([1e6 + 5])))
        // Absolute near zero.
        #expect(Tensor([1e-7]).isApproximatelyEqual(to: Tensor([-1e-7])))
        #expect(!Tensor([1, 2]).isApproximatelyEqual(to: Tensor([[1, 2]])))
        #expect(!Tensor([Float.nan]).isApproximatelyEqual(to: Tensor([Float.nan])))
        #expect(Tensor([Float.infinity]).isApproximatelyEqual(to: Tensor([Float.infinity])))
        #expect(!Tensor([Float.infinity]).isApproximatelyEqual(to: Tensor([-Float.infinity])))
    }

    @Test func nonFiniteValues() {
        #expect(!Tensor([1, 2]).hasNonFiniteValues)
        #expect(Tensor([1, .nan]).hasNonFiniteValues)
        #expect(Tensor([-.infinity, 1]).hasNonFiniteValues)
        #expect((Tensor([1, 0]) / 0).hasNonFiniteValues)
        #expect(!Tensor.zeros([0, 3]).hasNonFiniteValues)
    }
}
