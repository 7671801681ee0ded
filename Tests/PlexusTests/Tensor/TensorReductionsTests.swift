import Testing
import Plexus

@Suite struct TensorReductionsTests {
    /// x[i, j, k] = 12i + 4j + k, shape [2, 3, 4].
    let cube = Tensor.range(24).reshaped([2, 3, 4])
    /// A cube with ties and negative values, shape [2, 2, 3].
    let mixed = Tensor([3, 1, 2, 0, 5, 5, 4, -1, 2, 7, 0, -3]).reshaped([2, 2, 3])

    @Test func wholeTensor() {
        #expect(cube.sum() == Tensor(276))
        #expect(cube.sum().shape == [])
        #expect(cube.mean() == Tensor(11.5))
        #expect(cube.max() == Tensor(23))
        #expect(cube.min() == Tensor(0))
        #expect(mixed.sum() == Tensor(25))
        #expect(mixed.mean().scalar == Float(25) / Float(12))
        #expect(mixed.max() == Tensor(7))
        #expect(mixed.min() == Tensor(-3))
        #expect(Tensor(3).sum() == Tensor(3))
        #expect(Tensor(3).max() == Tensor(3))
    }

    @Test func sumAlongEachAxisOf3D() {
        #expect(cube.sum(alongAxis: 0) == Tensor([[12, 14, 16, 18], [20, 22, 24, 26], [28, 30, 32, 34]]))
        #expect(cube.sum(alongAxis: 1) == Tensor([[12, 15, 18, 21], [48, 51, 54, 57]]))
        #expect(cube.sum(alongAxis: 2) == Tensor([[6, 22, 38], [54, 70, 86]]))
        #expect(cube.sum(alongAxis: -1) == cube.sum(alongAxis: 2))
        #expect(cube.sum(alongAxis: -3) == cube.sum(alongAxis: 0))
    }

    @Test func keepingDimensions() {
        let s0 = cube.sum(alongAxis: 0, keepingDimensions: true)
        #expect(s0.shape == [1, 3, 4])
        #expect(s0.scalars == [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34])
        let s1 = cube.sum(alongAxis: 1, keepingDimensions: true)
        #expect(s1.shape == [2, 1, 4])
        #expect(s1.scalars == [12, 15, 18, 21, 48, 51, 54, 57])
        let s2 = cube.sum(alongAxis: -1, keepingDimensions: true)
        #expect(s2.shape == [2, 3, 1])
        #expect(s2.scalars == [6, 22, 38, 54, 70, 86])
        // Broadcasts back against the input: centring each row.
        let centred = cube - cube.mean(alongAxis: -1, keepingDimensions: true)
        #expect(centred.rows(0..<1).scalars == [-1.5, -0.5, 0.5, 1.5, -1.5, -0.5, 0.5, 1.5, -1.5, -0.5, 0.5, 1.5])
        let m = mixed.max(alongAxis: 1, keepingDimensions: true)
        #expect(m.shape == [2, 1, 3])
        #expect(m.scalars == [3, 5, 5, 7, 0, 2])
    }

    @Test func meanAlongEachAxisOf3D() {
        #expect(cube.mean(alongAxis: 0) == Tensor([[6, 7, 8, 9], [10, 11, 12, 13], [14, 15, 16, 17]]))
        #expect(cube.mean(alongAxis: 1) == Tensor([[4, 5, 6, 7], [16, 17, 18, 19]]))
        #expect(cube.mean(alongAxis: 2) == Tensor([[1.5, 5.5, 9.5], [13.5, 17.5, 21.5]]))
    }

    @Test func maxAndMinAlongEachAxisOf3D() {
        #expect(cube.max(alongAxis: 0) == Tensor([[12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]]))
        #expect(cube.max(alongAxis: 1) == Tensor([[8, 9, 10, 11], [20, 21, 22, 23]]))
        #expect(cube.max(alongAxis: 2) == Tensor([[3, 7, 11], [15, 19, 23]]))
        #expect(mixed.max(alongAxis: 0) == Tensor([[4, 1, 2], [7, 5, 5]]))
        #expect(mixed.min(alongAxis: 0) == Tensor([[3, -1, 2], [0, 0, -3]]))
        #expect(mixed.min(alongAxis: 1) == Tensor([[0, 1, 2], [4, -1, -3]]))
        #expect(mixed.min(alongAxis: 2) == Tensor([[1, 0], [-1, -3]]))
    }

    @Test func argmaxAlongEachAxisOf3D() {
        #expect(mixed.argmax(alongAxis: 0) == Tensor([[1, 0, 0], [1, 0, 0]]))  // tie at [_, 0, 2] -> first
        #expect(mixed.argmax(alongAxis: 1) == Tensor([[0, 1, 1], [1, 1, 0]]))
        #expect(mixed.argmax(alongAxis: 2) == Tensor([[0, 1], [0, 0]]))  // [0, 5, 5] -> 1, the first 5
        #expect(mixed.argmax(alongAxis: -1) == mixed.argmax(alongAxis: 2))
        #expect(mixed.argmin(alongAxis: -1) == Tensor([[1, 0], [1, 2]]))
        #expect(cube.argmax(alongAxis: 1) == Tensor([[2, 2, 2, 2], [2, 2, 2, 2]]))
    }

    @Test func argmaxIndicesForClassification() {
        let scores = Tensor([[0.1, 0.7, 0.2], [0.5, 0.1, 0.4], [0.2, 0.2, 0.6]])
        #expect(scores.argmaxIndices(alongAxis: -1) == [1, 0, 2])
        #expect(scores.argmaxIndices(alongAxis: 0) == [1, 0, 2])
        #expect(Tensor([3, 9, 1]).argmax(alongAxis: 0) == Tensor(1))
    }

    @Test func rowAndColumnShapes() {
        let row = Tensor([[1, 2, 3]])  // 1 x N
        let column = Tensor([[1], [2], [3]])  // N x 1
        #expect(row.sum(alongAxis: 0) == Tensor([1, 2, 3]))
        #expect(row.sum(alongAxis: 1) == Tensor([6]))
        #expect(column.sum(alongAxis: 0) == Tensor([6]))
        #expect(column.sum(alongAxis: 1) == Tensor([1, 2, 3]))
        #expect(column.argmax(alongAxis: 0) == Tensor([2]))
        #expect(row.max(alongAxis: 1) == Tensor([3]))
    }

    @Test func emptyTensors() {
        let empty = Tensor.zeros([0, 3])
        #expect(empty.sum() == Tensor(0))
        #expect(empty.mean().scalar.isNaN)
        #expect(empty.sum(alongAxis: 0) == Tensor([0, 0, 0]))
        #expect(empty.sum(alongAxis: 1).shape == [0])
        #expect(empty.max(alongAxis: 1).shape == [0])
        #expect(empty.argmax(alongAxis: 1).shape == [0])
        #expect(empty.mean(alongAxis: 0).scalars.allSatisfy { $0.isNaN })
    }

    @Test func maxOfEmptyAxisStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([0, 3]).max(alongAxis: 0)
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([0]).max()
        }
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]).sum(alongAxis: 2)
        }
    }

    @Test func nanPropagates() {
        let x = Tensor([[1, .nan, 3], [4, 5, 6]])
        #expect(x.max().scalar.isNaN)
        #expect(x.min().scalar.isNaN)
        let m = x.max(alongAxis: 1).scalars
        #expect(m[0].isNaN && m[1] == 6)
        #expect(x.argmax(alongAxis: 1) == Tensor([1, 2]))
    }

    @Test func largeSumIsAccurate() {
        // 1 + 2 + ... + 2^20 = 2^20 (2^20 + 1) / 2 = 549_756_338_176 (exact in Float: 2^19 * 1_048_577
        // needs 21 significant bits), and naive left-to-right Float summation is off by far more.
        let n = 1 << 20
        let x = Tensor.range(n) + 1
        let total = x.sum().scalar
        #expect(Swift.abs(Double(total) - 549_756_338_176) / 549_756_338_176 < 1e-6)
        // A million copies of 0.1: the exact sum of the Float 0.1 is 100000.0014901161...
        let tenths = Tensor.filled([1_000_000], with: 0.1)
        #expect(Swift.abs(tenths.sum().scalar - 100_000) < 0.05)
        // Along the last axis too (each row is pairwise-summed).
        let rows = Tensor.filled([2, 500_000], with: 0.1).sum(alongAxis: 1)
        #expect(rows.scalars.allSatisfy { Swift.abs($0 - 50_000) < 0.05 })
    }
}
