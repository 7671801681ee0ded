import Testing
@testable import Plexus

@Suite struct LayerNormalizationTests {
    @Test func startsAsKerasDoesWithGammaThenBeta() throws {
        let layer = LayerNormalization()
        var generator = RandomGenerator(seed: 1)
        layer.build(inputShape: [3, 5], generator: &generator)
        #expect(layer.parameters.map(\.name) == ["gamma", "beta"])
        #expect(layer.parameters.map(\.isTrainable) == [true, true])
        #expect(layer.parameters.map(\.value) == [Tensor.ones([5]), Tensor.zeros([5])])
        #expect(try layer.parameterShapes(forInputShape: [3, 5]) == [ParameterShape("gamma", [5]), ParameterShape("beta", [5])])
        #expect(layer.epsilon == 1e-3)
    }

    /// The row [1, 2, 3, 6]: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5, epsilon inside the root.
    @Test func eachRowIsNormalizedOverItsFeatures() {
        let layer = LayerNormalization()
        let x = Tensor([[1, 2, 3, 6], [10, 10, 10, 10]])
        let root = (3.5 + Float(1e-3)).squareRoot()
        let expected: [Float] = [-2 / root, -1 / root, 0, 3 / root, 0, 0, 0, 0]
        expectClose(layer(x, training: false), expected)
        expectClose(layer(x, training: true), expected)  // no difference in training
        layer.gamma!.value = Tensor([1, 2, 3, 4])
        layer.beta!.value = Tensor([0, 1, 0, -1])
        expectClose(layer(x), [-2 / root, 1 - 2 / root, 0, 12 / root - 1, 0, 1, 0, -1], tolerance: 1e-5)
    }

    @Test func sequencesNormalizeEachStepAlone() {
        let x = uniform([2, 3, 4], -3, 3, seed: 1)
        let y = LayerNormalization(epsilon: 1e-6)(x)
        let rows = y.reshaped([6, 4])
        expectClose(rows.mean(alongAxis: 1), [Float](repeating: 0, count: 6), tolerance: 1e-5)
        expectClose((rows * rows).mean(alongAxis: 1), [Float](repeating: 1, count: 6), tolerance: 1e-4)
    }

    @Test func gradientMatchesFiniteDifferences() {
        for shape in [[3, 5], [2, 3, 4]] {
            let features = shape[shape.count - 1]
            let x = awayFromZero(shape, seed: 2)
            let gamma = uniform([features], 0.5, 1.5, seed: 3), beta = uniform([features], -0.5, 0.5, seed: 4)
            expectGradient(at: [x, gamma, beta]) { t in LayerNormalization.normalize(t[0], gamma: t[1], beta: t[2], epsilon: 1e-3) }
            let layer = LayerNormalization()
            expectGradient(at: [x]) { layer($0[0], training: true) }
        }
    }

    @Test func aScalarSampleIsAnArchitectureError() throws {
        do {
            _ = try LayerNormalization().outputShape(forInputShape: [])
            Issue.record("a scalar sample was accepted")
        } catch let error as ArchitectureError {
            #expect(error.kind == .shapeMismatch)
            #expect(error.description.contains("feature axis"))
        }
        #expect(throws: ArchitectureError.self) { try LayerNormalization().parameterShapes(forInputShape: []) }
        let layer = LayerNormalization()
        _ = layer(Tensor([[1, 2, 3]]))
        #expect(throws: ArchitectureError.self) { try layer.outputShape(forInputShape: [4]) }
    }

    @Test func layerListTokensAndSettings() throws {
        let layers = try LayerSpecification.parse("8,layernorm,relu,layernorm:1e-5,2")
        #expect(layers.compactMap { ($0 as? LayerNormalization)?.epsilon } == [1e-3, 1e-5])
        for bad in ["layernorm:0", "layernorm:-1", "layernorm:inf", "layernorm:1e-3:2", "layernorm:x"] {
            #expect(throws: TrainingError.self, "\(bad)") { try LayerSpecification.parse("4,\(bad),2") }
        }
        var settings = LayerNormalization(epsilon: 1e-5).settings
        #expect(try LayerNormalization(settings: settings, name: "ln").epsilon == 1e-5)
        settings.set("epsilon", .string("small"))
        #expect(throws: LayerSettingsError.self) { try LayerNormalization(settings: settings, name: "ln") }
    }
}
