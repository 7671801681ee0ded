import Testing
import Plexus

@Suite struct TensorDescriptionTests {
    @Test func nestedBrackets() {
        #expect(Tensor([[1, 2], [3, 4]]).description == "[[1.0, 2.0], [3.0, 4.0]]")
        #expect(Tensor([0.5, -2]).description == "[0.5, -2.0]")
        #expect(Tensor.range(8).reshaped([2, 2, 2]).description == "[[[0.0, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 7.0]]]")
        #expect("\(Tensor([1, 2]))" == "[1.0, 2.0]")
    }

    @Test func scalarPrintsItsValue() {
        #expect(Tensor(3).description == "3.0")
        #expect(Tensor(3).debugDescription == "Tensor(shape: [], 3.0)")
    }

    @Test func debugDescriptionHasTheShape() {
        #expect(Tensor([[1, 2], [3, 4]]).debugDescription == "Tensor(shape: [2, 2], [[1.0, 2.0], [3.0, 4.0]])")
        #expect(String(reflecting: Tensor([1])) == "Tensor(shape: [1], [1.0])")
    }

    @Test func emptyTensors() {
        #expect(Tensor.zeros([0]).description == "[]")
        #expect(Tensor.zeros([0, 3]).description == "[]")
        #expect(Tensor.zeros([2, 0]).description == "[[], []]")
        #expect(Tensor.zeros([0, 3]).debugDescription == "Tensor(shape: [0, 3], [])")
    }

    @Test func largeDimensionsAreSummarised() {
        #expect(Tensor.range(6).description == "[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]")
        #expect(Tensor.range(7).description == "[0.0, 1.0, 2.0, ..., 4.0, 5.0, 6.0]")
        #expect(Tensor.range(10).description == "[0.0, 1.0, 2.0, ..., 7.0, 8.0, 9.0]")
        // 8 rows of 2: rows summarised, columns in full.
        let tall = Tensor.range(16).reshaped([8, 2])
        #expect(tall.description == "[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], ..., [10.0, 11.0], [12.0, 13.0], [14.0, 15.0]]")
        // 2 rows of 10: both rows, each summarised.
        let wide = Tensor.range(20).reshaped([2, 10])
        #expect(wide.description == "[[0.0, 1.0, 2.0, ..., 7.0, 8.0, 9.0], [10.0, 11.0, 12.0, ..., 17.0, 18.0, 19.0]]")
    }

    @Test func hugeTensorPrintsQuickly() {
        let big = Tensor.zeros([1000, 1000])
        let text = big.description
        #expect(text.count < 300)
        #expect(text.hasPrefix("[[0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0], "))
    }
}
