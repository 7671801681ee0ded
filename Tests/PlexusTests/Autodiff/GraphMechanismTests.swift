import Testing
@testable import Plexus

/// A user's own differentiable operation, written as `recorded(_:inputs:pullback:)` suggests.
func cube(_ x: Tensor) -> Tensor {
    let plain = x.detached()
    return (plain * plain * plain).recorded("cube", inputs: [x]) { gradient in
        [gradient * 3 * plain * plain]
    }
}

/// The same with a wrong vector-Jacobian product (2x² instead of 3x²): the check must catch it.
func wrongCube(_ x: Tensor) -> Tensor {
    let plain = x.detached()
    return (plain * plain * plain).recorded("cube", inputs: [x]) { gradient in
        [gradient * 2 * plain * plain]
    }
}

@Suite struct GraphMechanismTests {
    @Test func aValueUsedTwiceAccumulates() {
        // f(x) = x·x + x: three uses of x, gradient 2x + 1.
        let (value, gradient) = valueWithGradient(at: Tensor([1, 2, -3])) { x in (x * x + x).sum() }
        #expect(value == Tensor(14))  // (1 + 1) + (4 + 2) + (9 - 3)
        #expect(gradient == Tensor([3, 5, -5]))
    }

    @Test func aChainOfOperations() {
        let x = uniform([4, 3], -1, 1, seed: 61)
        expectGradient(at: [x]) { v in
            log(sigmoid(v[0] * 2 + 1)).mean(alongAxis: 0) * exp(v[0].sum(alongAxis: 0) / 3)
        }
        // By hand: d/dx mean(log(sigmoid(2x + 1))) = 2 (1 - sigmoid(2x + 1)) / count.
        let (_, gradient) = valueWithGradient(at: x) { log(sigmoid($0 * 2 + 1)).mean() }
        let expected = (1 - sigmoid(x * 2 + 1)) * (2 / Float(x.count))
        #expect(gradient.isApproximatelyEqual(to: expected))
    }

    @Test func backwardThroughASharedSubexpression() {
        let x = Tensor([0.5, -1, 2]).trackedAsLeaf("x")
        let s = x * 2  // shared by both terms below
        let y = (s * s + s).sum()  // dy/dx = (2s + 1) · 2 = 8x + 2
        y.backward()
        #expect(x.node?.gradient == Tensor([6, -6, 18]))
        #expect(s.node?.gradient == Tensor([3, -3, 9]))
        // s is one node of the graph, reached from two places.
        let nodes = GraphNode.nodes(reachingFrom: y.node!)
        #expect(nodes.filter { $0 === s.node! }.count == 1)
        #expect(nodes.first === x.node && nodes.last === y.node)
    }

    @Test func parametersUsedTwiceGetBothGradients() {
        let p = Parameter(Tensor([0.3, -0.7]), name: "w")
        let (_, gradients) = valueWithGradient(for: [p]) {
            let h = tanh(p.tensor)
            return (h * h + p.tensor * 3).sum()
        }
        let h = tanh(p.value)
        let expected = 2 * h * (1 - h * h) + 3
        #expect(gradients[p]!.isApproximatelyEqual(to: expected))
    }

    @Test func untrackedComputationRecordsNothing() {
        let x = uniform([2, 3], 0.5, 1.5, seed: 62), w = uniform([3, 2], -1, 1, seed: 63)
        let results: [Tensor] = [
            x + x, x - 1, 2 * x, x / x, -x, exp(x), log(x), sqrt(x), abs(x), pow(x, 3), x.squared(),
            sigmoid(x), tanh(x), relu(x), leakyRelu(x), softmax(x), logSoftmax(x), Activation.relu(x),
            maximum(x, x), minimum(x, 1), x.clamped(min: 0, max: 1), matmul(x, w),
            x.transposed(), x.permuted([1, 0]), x.reshaped([3, 2]), x.flattened(), x.squeezed(),
            x.expandingShape(at: 0), x.sum(), x.mean(), x.max(), x.min(alongAxis: 1),
            x.sum(alongAxis: 0), x.mean(alongAxis: 1, keepingDimensions: true),
            Tensor.concatenate([x, x], alongAxis: 1), x.gatheringRows([1, 1]), x.rows(0..<1),
            x.summed(toShape: [3]), x.broadcasted(toShape: [2, 2, 3]),
        ]
        for result in results {
            #expect(!result.isTracked && result.node == nil)
        }
        var y = x
        y += x
        y *= 2
        #expect(!y.isTracked)
    }

    @Test func trackedInputsGiveTrackedOutputs() {
        let (_, _) = valueWithGradient(at: Tensor([1, 2])) { x in
            #expect(x.isTracked)
            #expect((x * 2).isTracked && x.detached().isTracked == false)
            #expect((x.detached() * 2).isTracked == false)
            return x.sum()
        }
    }

    @Test func detachedCutsTheGraph() {
        // x · stop(x): only the first factor is differentiated, so the gradient is x, not 2x.
        let (_, gradient) = valueWithGradient(at: Tensor([1, -2, 3])) { x in (x * x.detached()).sum() }
        #expect(gradient == Tensor([1, -2, 3]))
        // Nothing tracked at all: the gradient is zero.
        let (_, none) = valueWithGradient(at: Tensor([1, 2])) { x in exp(x.detached()).sum() }
        #expect(none == Tensor([0, 0]))
    }

    @Test func aCustomOperationPassesTheCheck() {
        let x = uniform([2, 3], -1.5, 1.5, seed: 64)
        expectGradient(at: [x]) { cube($0[0]) }
        #expect(valueWithGradient(at: Tensor([2])) { cube($0).sum() }.gradient == Tensor([12]))
    }

    @Test func theCheckCatchesAWrongGradient() {
        let x = uniform([2, 3], 0.5, 1.5, seed: 65)
        let result = checkGradient(of: { weightedSum(wrongCube($0[0])) }, at: [x])
        #expect(result.maxRelativeError > 0.3, "\(result)")
        // And an operation that forgets to record (the gradient silently zero).
        let forgotten = checkGradient(of: { weightedSum(exp($0[0].detached())) }, at: [x])
        #expect(forgotten.maxRelativeError > 0.9, "\(forgotten)")
    }
}
