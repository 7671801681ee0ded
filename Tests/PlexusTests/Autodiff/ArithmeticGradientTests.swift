import Testing
@testable import Plexus

/// Pairs of operand shapes that broadcast: equal, a row vector, an outer product, a scalar
/// shape, a single-element vector, and missing leading axes on either side.
let broadcastPairs: [([Int], [Int])] = [
    ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 1], [1, 3]), ([2, 3], []), ([], [2, 3]),
    ([2, 3], [1]), ([2, 3, 4], [3, 1]), ([4], [2, 3, 4]),
]

@Suite struct ArithmeticGradientTests {
    @Test(arguments: broadcastPairs)
    func addSubtractMultiply(_ leftShape: [Int], _ rightShape: [Int]) {
        let a = uniform(leftShape, -2, 2, seed: 1), b = uniform(rightShape, -2, 2, seed: 2)
        expectGradient(at: [a, b]) { $0[0] + $0[1] }
        expectGradient(at: [a, b]) { $0[0] - $0[1] }
        expectGradient(at: [a, b]) { $0[0] * $0[1] }
    }

    @Test(arguments: broadcastPairs)
    func divide(_ leftShape: [Int], _ rightShape: [Int]) {
        let a = uniform(leftShape, -2, 2, seed: 3)
        let b = awayFromZero(rightShape, seed: 4) * 2  // |b| >= 0.4
        expectGradient(at: [a, b]) { $0[0] / $0[1] }
    }

    @Test func broadcastGradientsHaveTheOperandsShapes() {
        let (_, gradients) = valueWithGradient(at: [Tensor.ones([2, 3]), Tensor([1, 2, 3]), Tensor(5)]) { x in
            (x[0] * x[1] + x[2]).sum()
        }
        #expect(gradients[0] == Tensor([[1, 2, 3], [1, 2, 3]]))
        #expect(gradients[1] == Tensor([2, 2, 2]))  // summed over the stretched rows
        #expect(gradients[2] == Tensor(6))  // one scalar used six times
    }

    @Test func withAFloat() {
        let x = uniform([2, 3], -2, 2, seed: 5)
        expectGradient(at: [x]) { $0[0] + 1.5 }
        expectGradient(at: [x]) { $0[0] - 1.5 }
        expectGradient(at: [x]) { $0[0] * -2.5 }
        expectGradient(at: [x]) { $0[0] / 0.7 }
        expectGradient(at: [x]) { 1.5 + $0[0] }
        expectGradient(at: [x]) { 1.5 - $0[0] }
        expectGradient(at: [x]) { -2.5 * $0[0] }
        expectGradient(at: [awayFromZero([2, 3], seed: 6)]) { 0.7 / $0[0] }
        expectGradient(at: [x]) { -$0[0] }
    }

    @Test func compoundAssignmentsRecordWhenTracked() {
        let x = uniform([2, 3], -2, 2, seed: 7), b = uniform([3], 0.5, 2, seed: 8)
        expectGradient(at: [x, b]) { v in
            var y = v[0] * 2
            y += v[1]
            y -= v[0]
            y *= v[1]
            y /= v[1] * v[1]
            return y
        }
        expectGradient(at: [x]) { v in
            var y = v[0]
            y += 1
            y -= 0.5
            y *= 3
            y /= 2
            return y
        }
        // An untracked accumulator picks up a tracked right-hand side.
        expectGradient(at: [x]) { v in
            var total = Tensor.zeros([2, 3])
            total += v[0] * v[0]
            return total
        }
    }

    @Test func compoundAssignmentLeavesOtherValuesAlone() {
        let (value, gradient) = valueWithGradient(at: Tensor([1, 2])) { x in
            var y = x
            y += x  // y = 2x; x itself is unchanged
            return (y * x).sum()
        }
        #expect(value == Tensor(10))
        #expect(gradient == Tensor([4, 8]))
    }
}
