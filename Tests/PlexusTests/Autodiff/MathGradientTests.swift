import Testing
@testable import Plexus

@Suite struct MathGradientTests {
    let x = uniform([2, 3], -1.5, 1.5, seed: 41)
    let positive = uniform([2, 3], 0.5, 2, seed: 42)

    @Test func elementwise() {
        expectGradient(at: [x]) { exp($0[0]) }
        expectGradient(at: [positive]) { log($0[0]) }
        expectGradient(at: [positive]) { sqrt($0[0]) }
        expectGradient(at: [awayFromZero([2, 3], seed: 43)]) { abs($0[0]) }
        expectGradient(at: [x]) { $0[0].squared() }
        expectGradient(at: [x]) { sigmoid($0[0]) }
        expectGradient(at: [x]) { tanh($0[0]) }
    }

    @Test(arguments: [0, 0.5, 1, 2, 3, -1.5, 2.7] as [Float])
    func power(_ exponent: Float) {
        expectGradient(at: [positive]) { pow($0[0], exponent) }
        if exponent == exponent.rounded() {
            expectGradient(at: [x]) { pow($0[0], exponent) }  // negative bases too
        }
    }

    @Test(arguments: broadcastPairs)
    func maximumAndMinimum(_ leftShape: [Int], _ rightShape: [Int]) {
        // Grids offset by 0.1: the two never tie, so the choice is stable under the step.
        let a = distinctGrid(leftShape, seed: 44), b = distinctGrid(rightShape, offset: 0.1, seed: 45)
        expectGradient(at: [a, b]) { maximum($0[0], $0[1]) }
        expectGradient(at: [a, b]) { minimum($0[0], $0[1]) }
    }

    @Test func maximumAndMinimumWithAFloat() {
        let grid = distinctGrid([3, 4], seed: 46)  // multiples of 0.2, 0.1 away from 0.3
        expectGradient(at: [grid]) { maximum($0[0], 0.3) }
        expectGradient(at: [grid]) { minimum($0[0], 0.3) }
    }

    @Test func tiesGoToTheFirstArgument() {
        let a = Tensor([1, 2, 3]), b = Tensor([1, 0, 5])
        let (_, grads) = valueWithGradient(at: [a, b]) { maximum($0[0], $0[1]).sum() }
        #expect(grads[0] == Tensor([1, 1, 0]) && grads[1] == Tensor([0, 0, 1]))
        let (_, minGrads) = valueWithGradient(at: [a, b]) { minimum($0[0], $0[1]).sum() }
        #expect(minGrads[0] == Tensor([1, 0, 1]) && minGrads[1] == Tensor([0, 1, 0]))
        #expect(valueWithGradient(at: Tensor([-1, 0, 1])) { maximum($0, 0).sum() }.gradient == Tensor([0, 1, 1]))
        #expect(valueWithGradient(at: Tensor([-1, 0, 1])) { minimum($0, 0).sum() }.gradient == Tensor([1, 1, 0]))
    }

    @Test func clamped() {
        // Odd multiples of 0.1: at least 0.1 from the bounds ±0.4, some inside, some outside.
        let grid = distinctGrid([3, 4], offset: 0.1, seed: 47)
        expectGradient(at: [grid]) { $0[0].clamped(min: -0.4, max: 0.4) }
        // The bounds themselves pass the gradient; strictly outside gets none.
        let gradient = valueWithGradient(at: Tensor([-2, -1, 0, 1, 2])) { $0.clamped(min: -1, max: 1).sum() }.gradient
        #expect(gradient == Tensor([0, 1, 1, 1, 0]))
    }

    @Test func absIsZeroAtZero() {
        #expect(valueWithGradient(at: Tensor([-2, 0, 3])) { abs($0).sum() }.gradient == Tensor([-1, 0, 1]))
    }
}
