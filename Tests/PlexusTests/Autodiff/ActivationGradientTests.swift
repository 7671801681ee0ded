import Foundation
import Testing
@testable import Plexus

@Suite struct ActivationGradientTests {
    let z = uniform([3, 4], -3, 3, seed: 51)

    @Test func freeFunctions() {
        let bent = awayFromZero([3, 4], seed: 52)
        expectGradient(at: [bent]) { relu($0[0]) }
        expectGradient(at: [bent]) { leakyRelu($0[0]) }
        expectGradient(at: [bent]) { leakyRelu($0[0], slope: 0.01) }
        expectGradient(at: [z]) { sigmoid($0[0]) }
        expectGradient(at: [z]) { tanh($0[0]) }
        expectGradient(at: [z]) { softmax($0[0]) }
        expectGradient(at: [z]) { logSoftmax($0[0]) }
        expectGradient(at: [uniform([2, 3, 4], -3, 3, seed: 53)]) { softmax($0[0]) }
        expectGradient(at: [uniform([5], -3, 3, seed: 54)]) { logSoftmax($0[0]) }
    }

    @Test(arguments: [Activation.linear, .sigmoid, .relu, .tanh, .leakyRelu(slope: 0.3), .softmax, .logSoftmax])
    func callAsFunction(_ activation: Activation) {
        let input = awayFromZero([3, 4], seed: 55) * 2
        expectGradient(at: [input]) { activation($0[0]) }
        #expect(activation(input) == activation.value(input))
    }

    @Test func readsLikeTheMath() {
        let x = Tensor([-1, 2])
        #expect(Activation.relu(x) == Tensor([0, 2]))
        #expect(Activation.leakyRelu(slope: 0.5)(x) == Tensor([-0.5, 2]))
        #expect(relu(x) == Tensor([0, 2]) && leakyRelu(x) == Tensor([-0.2, 2]))
        #expect(valueWithGradient(at: Tensor([-1, 0, 2])) { relu($0).sum() }.gradient == Tensor([0, 0, 1]))
    }

    @Test func sigmoidOfExtremeInputs() {
        let extreme = Tensor([1e4, -1e4, 0])
        let (value, gradient) = valueWithGradient(at: extreme) { sigmoid($0).sum() }
        #expect(value.scalar == 1.5)
        #expect(sigmoid(extreme) == Tensor([1, 0, 0.5]))
        #expect(!gradient.hasNonFiniteValues)
        #expect(gradient == Tensor([0, 0, 0.25]))
    }

    /// Rows with entries of size 1e4, and their exact softmax, log-softmax and gradients of
    /// `sum(w · f(z))`, computed in Double.
    let extreme = Tensor([[1e4, -1e4, 0], [1e4, 1e4 - 1, -1e4], [-1e4, -1e4, -1e4]])
    let w = Tensor([[0.5, -1, 2], [1, 0.25, -0.5], [1, 2, 3]])

    func exactSoftmax(_ row: [Double]) -> [Double] {
        let top = row.max()!
        let e = row.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    func rows(_ t: Tensor) -> [[Double]] {
        (0..<t.shape[0]).map { i in (0..<t.shape[1]).map { Double(t[i, $0]) } }
    }

    func expectClose(_ actual: Tensor, _ expected: [[Double]], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!actual.hasNonFiniteValues, sourceLocation: sourceLocation)
        for (a, e) in zip(rows(actual), expected) {
            for (x, y) in zip(a, e) {
                #expect(Swift.abs(x - y) <= 1e-5 * Swift.max(1, Swift.abs(y)), "\(x) vs \(y)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func softmaxOfExtremeInputs() {
        let (_, gradient) = valueWithGradient(at: extreme) { (softmax($0) * w).sum() }
        let p = rows(extreme).map(exactSoftmax)
        expectClose(softmax(extreme), p)
        // dz_i = p_i (w_i - sum_j w_j p_j)
        let expected = zip(p, rows(w)).map { p, w in
            let dot = zip(p, w).map(*).reduce(0, +)
            return zip(p, w).map { $0 * ($1 - dot) }
        }
        expectClose(gradient, expected)
    }

    @Test func logSoftmaxOfExtremeInputs() {
        let (_, gradient) = valueWithGradient(at: extreme) { (logSoftmax($0) * w).sum() }
        let p = rows(extreme).map(exactSoftmax)
        let expectedValues = zip(rows(extreme), p).map { z, p -> [Double] in
            let top = z.max()!
            let logSum = top + Foundation.log(z.map { Foundation.exp($0 - top) }.reduce(0, +))
            return z.map { $0 - logSum }
        }
        expectClose(logSoftmax(extreme), expectedValues)
        #expect(logSoftmax(extreme)[0, 1] == -2e4)  // finite where log(softmax) would be -inf
        // dz_i = w_i - p_i sum_j w_j
        let expected = zip(p, rows(w)).map { p, w in
            let total = w.reduce(0, +)
            return zip(p, w).map { $1 - $0 * total }
        }
        expectClose(gradient, expected)
    }
}
