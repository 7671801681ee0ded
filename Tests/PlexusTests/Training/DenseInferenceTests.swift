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

    /// `predict` of a few rows takes the direct path without the general path's checks: every
    /// one of them must still hold, each bad input throwing what the general path throws.
    @Test func predictsDirectPathStillRefusesWhatPredictRefuses() throws {
        let model = network(.softmax, useBias: true, seed: 6)
        let good = random([1, 37], seed: 3)
        let expected = try model.predictOutputs([good])[0]
        // Twice: the first call may go the general way (it records the checked batch).
        for _ in 0..<2 { #expect(try model.predict(good).scalars.map(\.bitPattern) == expected.scalars.map(\.bitPattern)) }
        var withNaN = good
        withNaN[0, 5] = .nan
        var withInfinity = good
        withInfinity[0, 36] = -.infinity
        let errors = FitErrorTests()
        errors.expectError(.nonFiniteValue, mentioning: ["non-finite", "nan"]) { _ = try model.predict(withNaN) }
        errors.expectError(.nonFiniteValue, mentioning: ["non-finite", "inf"]) { _ = try model.predict(withInfinity) }
        errors.expectError(.shapeMismatch, mentioning: ["[37]", "[36]"]) { _ = try model.predict(random([1, 36], seed: 1)) }
        errors.expectError(.shapeMismatch, mentioning: ["[37]", "[1, 37]"]) { _ = try model.predict(random([1, 1, 37], seed: 1)) }
        errors.expectError(.shapeMismatch, mentioning: ["batch axis"]) { _ = try model.predict(Tensor([1, 2, 3])) }
        errors.expectError(.emptyData, mentioning: ["no samples"]) { _ = try model.predict(Tensor.zeros([0, 37])) }
        errors.expectError(.invalidArgument, mentioning: ["batchSize"]) { _ = try model.predict(good, batchSize: 0) }
        // Scaled inputs go the general way, which scales them.
        let scaling = Normalization(method: .standard, offset: Array(repeating: 1, count: 37), scale: Array(repeating: 2, count: 37))
        model.inputNormalization = scaling
        let scaled = try model.predict(good)
        #expect(scaled.scalars.map(\.bitPattern) == layerByLayer(model, scaling(good)).scalars.map(\.bitPattern))
        #expect(scaled.scalars != expected.scalars)
    }

    /// A chain built by its first prediction gives the same answer by the direct path after.
    @Test func aChainBuiltByItsFirstPredictionAnswersTheSameAfter() throws {
        let model = Sequential(seed: 7) {
            Dense(6, activation: .relu)
            Dense(3)
        }
        let x = random([2, 4], seed: 9)
        let first = try model.predict(x)
        #expect(model.inputShape == [4])
        #expect(try model.predict(x).scalars.map(\.bitPattern) == first.scalars.map(\.bitPattern))
        #expect(model.directPrediction(x, batchSize: 32) != nil, "the direct path applies once the model is built")
        #expect(model.directPrediction(x, batchSize: 1) == nil, "two rows are two batches of one")
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
