import Testing

@testable import Plexus

/// The direct path a model of Dense layers takes for a few rows at inference
/// (`Sequential.denseChainInference`): the bits of the layer-by-layer pass, and out of the way
/// wherever it does not apply.
@Suite struct DenseInferenceTests {
    private func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(shape, using: &generator)
    }

    /// Layer by layer, as the model computed before the direct path existed.
    private func layerByLayer(_ model: Sequential, _ x: Tensor) -> Tensor {
        model.layers.reduce(x) { $1.forward($0, training: false) }
    }

    private func network(_ last: Activation, useBias: Bool, seed: UInt64) -> Sequential {
        Sequential(inputShape: [37], seed: seed) {
            Dense(25, activation: .relu, useBias: useBias)
            Dense(19, activation: .tanh)
            Dense(17, activation: .sigmoid, useBias: useBias)
            Dense(11, activation: last)
        }
    }

    @Test(arguments: [Activation.linear, .relu, .sigmoid, .tanh, .softmax, .logSoftmax])
    func theBitsOfTheLayerByLayerPass(last: Activation) throws {
        for useBias in [true, false] {
            let model = network(last, useBias: useBias, seed: 3)
            // Non-zero biases, so that adding them shows.
            for case let layer as Dense in model.layers { layer.bias?.value = random([layer.units], seed: 8) }
            for rows in [1, 2, 5, Sequential.directInferenceRows] {
                let x = random([rows, 37], seed: UInt64(rows))
                let direct = try #require(model.denseChainInference(x), "rows \(rows)")
                let expected = layerByLayer(model, x)
                #expect(direct.shape == expected.shape)
                #expect(direct.scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern), "\(last) bias \(useBias) rows \(rows)")
                #expect(try model.predict(x).scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern))
            }
        }
    }

    @Test func outOfTheWayWhereItDoesNotApply() {
        let model = network(.softmax, useBias: true, seed: 4)
        // More rows than it takes, a rank-3 input, a layer it does not know, an activation it does not compute.
        #expect(model.denseChainInference(random([Sequential.directInferenceRows + 1, 37], seed: 1)) == nil)
        #expect(model.denseChainInference(random([2, 3, 37], seed: 1)) == nil)
        let withDropout = Sequential(inputShape: [5], seed: 1) {
            Dense(4)
            Dropout(0.5)
            Dense(2)
        }
        #expect(withDropout.denseChainInference(random([1, 5], seed: 1)) == nil)
        let leaky = Sequential(inputShape: [5], seed: 1) { Dense(4, activation: .leakyRelu(slope: 0.2)) }
        #expect(leaky.denseChainInference(random([1, 5], seed: 1)) == nil)
    }

    /// Inside `valueWithGradient`, a call of the model records the graph: the direct path,
    /// which records nothing, must step aside even though `training` is false.
    @Test func gradientsStillFlowThroughAnInferenceCall() {
        let model = network(.linear, useBias: true, seed: 5)
        let x = random([1, 37], seed: 2)
        let (_, gradients) = valueWithGradient(for: model.parameters) { model(x).sum() }
        for parameter in model.parameters {
            #expect(gradients[parameter] != nil, "\(parameter.name)")
        }
    }
}
