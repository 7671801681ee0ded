import Foundation
import Testing
import Plexus
import CPlexusKernels

/// Evenly spaced values from `low` to `high` (both included), `count` of them.
private func grid(_ low: Float, _ high: Float, count: Int) -> [Float] {
    (0..<count).map { low + (high - low) * Float($0) / Float(count - 1) }
}

/// The largest relative error of `actual` against `expected` (computed in Double).
private func maxRelativeError(_ actual: [Float], _ expected: [Double]) -> Double {
    zip(actual, expected).map { Swift.abs(Double($0) - $1) / Swift.max(Swift.abs($1), 1e-30) }.max() ?? 0
}

/// The largest absolute error of `actual` against `expected`.
private func maxAbsoluteError(_ actual: [Float], _ expected: [Double]) -> Double {
    zip(actual, expected).map { Swift.abs(Double($0) - $1) }.max() ?? 0
}

@Suite struct TensorMathTests {
    @Test func expMatchesFoundationOnItsRange() {
        let xs = grid(-87, 88, count: 200_003)
        let y = exp(Tensor(xs)).scalars
        let reference = xs.map { Double(expf($0)) }
        let error = maxRelativeError(y, reference)
        #expect(error <= 2e-7, "max relative error \(error)")
        // Against the exact value (Double exp of the Float input) too.
        #expect(maxRelativeError(y, xs.map { Foundation.exp(Double($0)) }) <= 2e-7)
    }

    @Test func expEdgeValues() {
        let y = exp(Tensor([0, 1, -1, 100, -100, .infinity, -.infinity, .nan, 88, -87])).scalars
        #expect(y[0] == 1)
        #expect(Swift.abs(y[1] - 2.7182817) <= 3e-7)
        #expect(Swift.abs(y[2] - 0.36787945) <= 1e-7)
        #expect(y[3] == .infinity)
        #expect(y[4] == 0)
        #expect(y[5] == .infinity)
        #expect(y[6] == 0)
        #expect(y[7].isNaN)
        #expect(Swift.abs(Double(y[8]) / Double(expf(88)) - 1) <= 2e-7)
        #expect(Swift.abs(Double(y[9]) / Double(expf(-87)) - 1) <= 2e-7)
    }

    @Test(arguments: [0, 1, 7, 15, 16, 17, 33, 63, 65, 1000])
    func kernelsHandleEveryLength(_ n: Int) {
        let xs = (0..<n).map { Float($0 % 23) * 0.5 - 5 }
        let x = Tensor(xs)
        let e = exp(x).scalars
        let s = sigmoid(x).scalars
        let t = tanh(x).scalars
        #expect(e.count == n && s.count == n && t.count == n)
        #expect(maxRelativeError(e, xs.map { Foundation.exp(Double($0)) }) <= 2e-7)
        #expect(maxAbsoluteError(s, xs.map { 1 / (1 + Foundation.exp(-Double($0))) }) <= 2e-7)
        #expect(maxAbsoluteError(t, xs.map { Foundation.tanh(Double($0)) }) <= 3e-7)
        // The shape is kept.
        #expect(exp(Tensor.zeros([n, 2])).shape == [n, 2])
    }

    @Test func sigmoidMatchesReference() {
        let xs = grid(-30, 30, count: 100_001)
        let y = sigmoid(Tensor(xs)).scalars
        let reference = xs.map { 1 / (1 + Foundation.exp(-Double($0))) }
        let absolute = maxAbsoluteError(y, reference)
        #expect(absolute <= 2e-7, "max absolute error \(absolute)")
        // Relative error where the value is not tiny.
        let (bigY, bigRef) = zip(y, reference).filter { $0.1 > 1e-3 }.reduce(into: ([Float](), [Double]())) {
            $0.0.append($1.0)
            $0.1.append($1.1)
        }
        let relative = maxRelativeError(bigY, bigRef)
        #expect(relative <= 4e-7, "max relative error \(relative)")
    }

    @Test func sigmoidSaturates() {
        let y = sigmoid(Tensor([1e4, -1e4, 0, 100, -100, .nan])).scalars
        #expect(y[0] == 1)
        #expect(y[1] == 0)
        #expect(y[2] == 0.5)
        #expect(y[3] == 1)
        #expect(y[4] >= 0 && y[4] < 1e-37)
        #expect(y[5].isNaN)
        #expect(!sigmoid(Tensor([1e4, -1e4, 1e30, -1e30])).hasNonFiniteValues)
    }

    @Test func tanhMatchesFoundation() {
        let xs = grid(-12, 12, count: 100_001) + grid(-0.1, 0.1, count: 10_001)
        let y = tanh(Tensor(xs)).scalars
        let reference = xs.map { Double(tanhf($0)) }
        let absolute = maxAbsoluteError(y, reference)
        #expect(absolute <= 3e-7, "max absolute error \(absolute)")
        let relative = maxRelativeError(y, reference)
        #expect(relative <= 1e-6, "max relative error \(relative)")
    }

    @Test func tanhEdges() {
        let y = tanh(Tensor([0, -0.0, 1e4, -1e4, .infinity, -.infinity, .nan, 1e-20])).scalars
        #expect(y[0] == 0)
        #expect(y[1] == 0 && y[1].sign == .minus)
        #expect(y[2] == 1)
        #expect(y[3] == -1)
        #expect(y[4] == 1)
        #expect(y[5] == -1)
        #expect(y[6].isNaN)
        #expect(y[7] == 1e-20)
    }

    /// Every instruction-set variant this CPU can run, not only the one Plexus picked.
    @Test func everyKernelVariantAgrees() {
        let xs = grid(-20, 20, count: 4097) + [.nan, 100, -100]
        let best = plx_cpu_best_isa().rawValue
        for level in 0...best {
            let isa = plx_isa(rawValue: level)
            var y = [Float](repeating: 0, count: xs.count)
            plx_exp_kernel_for(isa)(xs, &y, xs.count)
            #expect(maxRelativeError(Array(y[..<4097]), xs[..<4097].map { Foundation.exp(Double($0)) }) <= 2e-7, "isa \(level)")
            #expect(y[4097].isNaN && y[4098] == .infinity && y[4099] == 0, "isa \(level)")
            plx_sigmoid_kernel_for(isa)(xs, &y, xs.count)
            #expect(maxAbsoluteError(Array(y[..<4097]), xs[..<4097].map { 1 / (1 + Foundation.exp(-Double($0))) }) <= 2e-7, "isa \(level)")
            plx_tanh_kernel_for(isa)(xs, &y, xs.count)
            #expect(maxAbsoluteError(Array(y[..<4097]), xs[..<4097].map { Foundation.tanh(Double($0)) }) <= 3e-7, "isa \(level)")
        }
    }

    @Test func overloadsLiveBesideFoundation() {
        // With Foundation imported, the scalar functions still resolve to Foundation's.
        let d = exp(1.0)
        let f: Float = tanh(0.5)
        #expect(type(of: d) == Double.self)
        #expect(Swift.abs(f - 0.46211717) < 1e-7)
        #expect(Swift.abs(sqrt(16.0) - 4) == 0)
        #expect(exp(Tensor(0)) == Tensor(1))
    }

    @Test func otherElementwiseFunctions() {
        let x = Tensor([[1, 4], [9, 16]])
        #expect(sqrt(x) == Tensor([[1, 2], [3, 4]]))
        #expect(abs(Tensor([-2, 0, 3])) == Tensor([2, 0, 3]))
        #expect(Tensor([-2, 3]).squared() == Tensor([4, 9]))
        #expect(pow(Tensor([2, 3]), 3) == Tensor([8, 27]))
        #expect(pow(Tensor([2, 3]), 2) == Tensor([4, 9]))
        #expect(pow(Tensor([4, 9]), 0.5) == Tensor([2, 3]))
        #expect(pow(Tensor([4, 8]), -1) == Tensor([0.25, 0.125]))
        let l = log(Tensor([1, 0, -1, Float(M_E)])).scalars
        #expect(l[0] == 0)
        #expect(l[1] == -.infinity)
        #expect(l[2].isNaN)
        #expect(Swift.abs(l[3] - 1) < 1e-7)
        #expect(Tensor([-5, 0.5, 5]).clamped(min: 0, max: 1) == Tensor([0, 0.5, 1]))
        #expect(Tensor([Float.nan]).clamped(min: 0, max: 1).scalars[0].isNaN)
    }

    @Test func maximumAndMinimumBroadcast() {
        let x = Tensor([[-1, 2], [3, -4]])
        #expect(maximum(x, Tensor(0)) == Tensor([[0, 2], [3, 0]]))
        #expect(maximum(x, 0) == Tensor([[0, 2], [3, 0]]))
        #expect(minimum(x, Tensor([0, 1])) == Tensor([[-1, 1], [0, -4]]))
        #expect(minimum(x, 0) == Tensor([[-1, 0], [0, -4]]))
        #expect(maximum(Tensor([[1], [5]]), Tensor([2, 3, 4])) == Tensor([[2, 3, 4], [5, 5, 5]]))
        let withNaN = maximum(Tensor([Float.nan, 1]), Tensor([0, Float.nan])).scalars
        #expect(withNaN[0].isNaN && withNaN[1].isNaN)
    }
}
