import Testing
import Plexus

@Suite struct TensorArithmeticTests {
    let a = Tensor([[1, 2, 3], [4, 5, 6]])

    @Test func sameShape() {
        let b = Tensor([[6, 5, 4], [3, 2, 1]])
        #expect(a + b == Tensor([[7, 7, 7], [7, 7, 7]]))
        #expect(a - b == Tensor([[-5, -3, -1], [1, 3, 5]]))
        #expect(a * b == Tensor([[6, 10, 12], [12, 10, 6]]))
        #expect(a / b == Tensor([[1.0 / 6, 0.4, 0.75], [4.0 / 3, 2.5, 6]]))
        #expect(-a == Tensor([[-1, -2, -3], [-4, -5, -6]]))
    }

    @Test func withScalars() {
        #expect(a + 1 == Tensor([[2, 3, 4], [5, 6, 7]]))
        #expect(a - 1 == Tensor([[0, 1, 2], [3, 4, 5]]))
        #expect(a * 2 == Tensor([[2, 4, 6], [8, 10, 12]]))
        #expect(a / 2 == Tensor([[0.5, 1, 1.5], [2, 2.5, 3]]))
        #expect(10 + a == Tensor([[11, 12, 13], [14, 15, 16]]))
        #expect(10 - a == Tensor([[9, 8, 7], [6, 5, 4]]))
        #expect(3 * a == Tensor([[3, 6, 9], [12, 15, 18]]))
        #expect(12 / a == Tensor([[12, 6, 4], [3, 2.4, 2]]))
        #expect(Tensor(2) * a == a * 2)
        #expect(a - Tensor(1) == a - 1)
        #expect(Tensor([[2]]) * a == a * 2)
    }

    @Test func rowVectorBroadcast() {
        // [2, 3] op [3]
        #expect(a + Tensor([10, 20, 30]) == Tensor([[11, 22, 33], [14, 25, 36]]))
        // [3] op [2, 3]: the row vector on the left
        #expect(Tensor([6, 6, 6]) / Tensor([[1, 2, 3], [6, 3, 2]]) == Tensor([[6, 3, 2], [1, 2, 3]]))
        // [1, 3] op [2, 3]
        #expect(Tensor([[1, 1, 1]]) - a == Tensor([[0, -1, -2], [-3, -4, -5]]))
        // [1, 3] + [3] stays [1, 3]
        #expect((Tensor([[1, 2, 3]]) + Tensor([1, 1, 1])).shape == [1, 3])
    }

    @Test func columnBroadcast() {
        // [2, 3] * [2, 1]: each row scaled by its own factor
        #expect(a * Tensor([[2], [3]]) == Tensor([[2, 4, 6], [12, 15, 18]]))
        // [2, 1] - [2, 3]
        #expect(Tensor([[2], [3]]) - a == Tensor([[1, 0, -1], [-1, -2, -3]]))
    }

    @Test func outerBroadcast() {
        // [3, 1] - [1, 4] -> [3, 4]
        let column = Tensor([[1], [2], [3]])
        let row = Tensor([[10, 20, 30, 40]])
        #expect(
            column - row
                == Tensor([
                    [-9, -19, -29, -39],
                    [-8, -18, -28, -38],
                    [-7, -17, -27, -37],
                ]))
        // [3] * [3, 1] -> [3, 3]
        #expect(Tensor([1, 2, 3]) * column == Tensor([[1, 2, 3], [2, 4, 6], [3, 6, 9]]))
    }

    @Test func threeDimensionalBroadcast() {
        // [2, 1, 3] + [2, 1] -> [2, 2, 3]: r[i, j, k] = x[i, 0, k] + y[j, 0]
        let x = Tensor([1, 2, 3, 4, 5, 6]).reshaped([2, 1, 3])
        let y = Tensor([[10], [20]])
        let r = x + y
        #expect(r.shape == [2, 2, 3])
        #expect(r.scalars == [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26])

        // [2, 3, 4] + [3, 1]: c[i, j, k] = 12i + 4j + k + 100(j + 1)
        let cube = Tensor.range(24).reshaped([2, 3, 4])
        let c = cube + Tensor([[100], [200], [300]])
        #expect(c.shape == [2, 3, 4])
        #expect(c[0, 0, 0] == 100)
        #expect(c[0, 1, 2] == 206)
        #expect(c[1, 0, 1] == 113)
        #expect(c[1, 2, 3] == 323)
        #expect(c.sum().scalar == 5076)

        // [2, 3, 4] * [4] (row fast path over a 3-D tensor)
        let d = cube * Tensor([1, 0, 0, -1])
        #expect(d[1, 2, 0] == 20)
        #expect(d[1, 2, 3] == -23)
        #expect(d[0, 1, 1] == 0)

        // [2, 1, 4] + [1, 3, 1] -> [2, 3, 4]
        let e = Tensor.range(8).reshaped([2, 1, 4]) + Tensor([0, 10, 20]).reshaped([1, 3, 1])
        #expect(e.shape == [2, 3, 4])
        #expect(e[1, 2, 3] == 7 + 20)
        #expect(e[0, 1, 2] == 2 + 10)
        #expect(e[1, 0, 0] == 4)
    }

    @Test func broadcastShapes() {
        #expect(Tensor.broadcastShape([4, 1, 3], [2, 1]) == [4, 2, 3])
        #expect(Tensor.broadcastShape([], [2, 3]) == [2, 3])
        #expect(Tensor.broadcastShape([0, 3], [3]) == [0, 3])
        #expect(Tensor.broadcastShape([0, 3], [1, 1]) == [0, 3])
    }

    @Test func emptyAndEdgeShapes() {
        let empty = Tensor.zeros([0, 3])
        #expect((empty + Tensor([1, 2, 3])).shape == [0, 3])
        #expect((empty * 2).shape == [0, 3])
        #expect((Tensor(2) + Tensor(3)) == Tensor(5))
        #expect((Tensor(2) + Tensor(3)).shape == [])
        // 1 x N and N x 1
        #expect(Tensor([[1, 2, 3]]) + Tensor([[1], [2]]) == Tensor([[2, 3, 4], [3, 4, 5]]))
    }

    @Test func incompatibleShapesStopNamingThem() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("cannot broadcast shapes [2, 3] and [4]"))
        }
    }

    @Test func compoundAssignment() {
        var x = Tensor([[1, 2], [3, 4]])
        let copy = x
        x += Tensor([10, 20])
        #expect(x == Tensor([[11, 22], [13, 24]]))
        #expect(copy == Tensor([[1, 2], [3, 4]]))  // the shared buffer was copied first
        x -= Tensor([[1], [3]])
        #expect(x == Tensor([[10, 21], [10, 21]]))
        x *= Tensor([[2, 1], [1, 2]])
        #expect(x == Tensor([[20, 21], [10, 42]]))
        x /= Tensor(2)
        #expect(x == Tensor([[10, 10.5], [5, 21]]))
        x += 1
        x -= 2
        x *= 4
        x /= 2
        #expect(x == Tensor([[18, 19], [8, 40]]))
        var y = Tensor([1, 2, 3])
        y += y
        #expect(y == Tensor([2, 4, 6]))
    }

    @Test func compoundAssignmentCannotGrow() async {
        await #expect(processExitsWith: .failure) {
            var x = Tensor([1, 2, 3])
            x += Tensor([[1, 2, 3], [4, 5, 6]])
        }
    }
}
