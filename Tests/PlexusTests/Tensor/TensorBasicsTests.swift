import Testing
import Plexus

@Suite struct TensorBasicsTests {
    @Test func matrixFromRows() {
        let t = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t.scalars == [1, 2, 3, 4, 5, 6])
        #expect(t[1, 2] == 6)
    }

    @Test func copyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a
        b[0] = 10
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [10, 2, 3])
    }
}
