import Testing
import Plexus

@Suite struct TensorShapeOpsTests {
    @Test func reshapeInfersOneDimension() {
        let x = Tensor.range(6)
        #expect(x.reshaped([2, 3]) == Tensor([[0, 1, 2], [3, 4, 5]]))
        #expect(x.reshaped([-1, 2]) == Tensor([[0, 1], [2, 3], [4, 5]]))
        #expect(x.reshaped(to: [3, -1]).shape == [3, 2])
        #expect(x.reshaped([1, 2, -1, 1]).shape == [1, 2, 3, 1])
        #expect(Tensor.zeros([0, 3]).reshaped([-1, 3]).shape == [0, 3])
        #expect(Tensor([[5]]).reshaped([]).shape == [])
        #expect(Tensor([[5]]).reshaped([]).scalar == 5)
    }

    @Test func reshapeSharesButStaysIndependent() {
        let x = Tensor([1, 2, 3, 4])
        var y = x.reshaped([2, 2])
        y[0, 0] = 100
        #expect(x == Tensor([1, 2, 3, 4]))
        #expect(y == Tensor([[100, 2], [3, 4]]))
    }

    @Test func badReshapeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.range(6).reshaped([4, -1])
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.range(6).reshaped([-1, -1])
        }
    }

    @Test func flattenSqueezeExpand() {
        let x = Tensor([[1, 2], [3, 4]])
        #expect(x.flattened() == Tensor([1, 2, 3, 4]))
        #expect(Tensor.zeros([1, 3, 1]).squeezed().shape == [3])
        #expect(Tensor.zeros([1, 3, 1]).squeezed(at: -1).shape == [1, 3])
        #expect(Tensor.zeros([1, 3, 1]).squeezed(at: 0).shape == [3, 1])
        #expect(Tensor([1, 2, 3]).expandingShape(at: 0).shape == [1, 3])
        #expect(Tensor([1, 2, 3]).expandingShape(at: 1).shape == [3, 1])
        #expect(Tensor([1, 2, 3]).expandingShape(at: -1).shape == [3, 1])
        #expect(Tensor(4).expandingShape(at: 0) == Tensor([4]))
        #expect(Tensor(4).flattened() == Tensor([4]))
    }

    @Test func transposeMatrix() {
        let x = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect(x.transposed() == Tensor([[1, 4], [2, 5], [3, 6]]))
        #expect(Tensor([[1, 2, 3]]).transposed() == Tensor([[1], [2], [3]]))
        #expect(Tensor([[1], [2], [3]]).transposed() == Tensor([[1, 2, 3]]))
        #expect(Tensor.zeros([0, 3]).transposed().shape == [3, 0])
    }

    @Test func transposeLargerThanOneTile() {
        // 40 x 70 crosses the 32 x 32 tiles in both directions.
        let x = Tensor.range(40 * 70).reshaped([40, 70])
        let t = x.transposed()
        #expect(t.shape == [70, 40])
        #expect(t[0, 39] == 39 * 70)
        #expect(t[69, 0] == 69)
        #expect(t[33, 35] == 35 * 70 + 33)
        #expect(t.transposed() == x)
    }

    @Test func permuteThreeAxes() {
        // x[i, j, k] = 12i + 4j + k
        let x = Tensor.range(24).reshaped([2, 3, 4])
        let p = x.permuted([2, 0, 1])  // p[k, i, j] = x[i, j, k]
        #expect(p.shape == [4, 2, 3])
        #expect(p[0, 0, 0] == 0)
        #expect(p[3, 1, 2] == 23)
        #expect(p[1, 1, 0] == 13)
        #expect(p[2, 0, 1] == 6)
        #expect(p.reshaped([4, 6]).rows(0..<1) == Tensor([[0, 4, 8, 12, 16, 20]]))
        #expect(x.permuted([0, 1, 2]) == x)
        #expect(x.permuted([1, 0, 2])[2, 1, 3] == 12 + 8 + 3)
        #expect(Tensor([[1, 2], [3, 4]]).permuted([1, 0]) == Tensor([[1, 3], [2, 4]]))
        #expect(Tensor.zeros([2, 0, 3]).permuted([2, 1, 0]).shape == [3, 0, 2])
    }

    @Test func badPermutationStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3, 4]).permuted([0, 0, 1])
        }
    }

    @Test func rowsSliceTheFirstAxis() {
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(x.rows(1..<3) == Tensor([[3, 4], [5, 6]]))
        #expect(x.rows(0..<1) == Tensor([[1, 2]]))
        #expect(x.rows(0..<3) == x)
        #expect(x.rows(2..<2).shape == [0, 2])
        let v = Tensor([1, 2, 3, 4])
        #expect(v.rows(1..<3) == Tensor([2, 3]))
        let cube = Tensor.range(24).reshaped([2, 3, 4])
        #expect(cube.rows(1..<2).scalars == Array(12..<24).map(Float.init))
    }

    @Test func rowsOutOfRangeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([3, 2]).rows(2..<4)
        }
    }

    @Test func gatherRows() {
        let x = Tensor([[1, 2], [3, 4], [5, 6]])
        #expect(x.gatheringRows([2, 0, 2]) == Tensor([[5, 6], [1, 2], [5, 6]]))
        #expect(x.gatheringRows([]).shape == [0, 2])
        #expect(Tensor([10, 20, 30]).gatheringRows([1, 1]) == Tensor([20, 20]))
        #expect(Tensor.zeros([3, 0]).gatheringRows([0, 2]).shape == [2, 0])
    }

    @Test func gatherOutOfRangeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([3, 2]).gatheringRows([0, 3])
        }
    }

    @Test func concatenate() {
        let a = Tensor([[1, 2], [3, 4]])
        let b = Tensor([[5, 6]])
        #expect(Tensor.concatenate([a, b], alongAxis: 0) == Tensor([[1, 2], [3, 4], [5, 6]]))
        let c = Tensor([[7], [8]])
        #expect(Tensor.concatenate([a, c], alongAxis: 1) == Tensor([[1, 2, 7], [3, 4, 8]]))
        #expect(Tensor.concatenate([a, c, a], alongAxis: -1) == Tensor([[1, 2, 7, 1, 2], [3, 4, 8, 3, 4]]))
        #expect(Tensor.concatenate([a, Tensor.zeros([0, 2])], alongAxis: 0) == a)
        #expect(Tensor.concatenate([Tensor([1]), Tensor([2, 3])], alongAxis: 0) == Tensor([1, 2, 3]))

        // Middle axis of a 3-D tensor: x[i, j, k] = 4i + 2j + k joined with y[i, 0, k] = 100 + 2i + k
        let x = Tensor.range(8).reshaped([2, 2, 2])
        let y = Tensor([100, 101, 102, 103]).reshaped([2, 1, 2])
        let joined = Tensor.concatenate([x, y], alongAxis: 1)
        #expect(joined.shape == [2, 3, 2])
        #expect(joined.scalars == [0, 1, 2, 3, 100, 101, 4, 5, 6, 7, 102, 103])
    }

    @Test func concatenateMismatchStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.concatenate([Tensor.zeros([2, 2]), Tensor.zeros([2, 3])], alongAxis: 0)
        }
    }
}
