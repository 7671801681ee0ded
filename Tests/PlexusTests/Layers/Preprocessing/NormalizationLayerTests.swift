import Testing
@testable import Plexus

/// The Normalization layer: Keras's adapt (mean and biased variance per last-axis feature),
/// its output with max(sqrt(variance), 1e-7), its weights [mean, variance, count].
@Suite struct NormalizationLayerTests {
    @Test func adaptsAsKerasDocumentsIt() throws {
        // Keras's docstring example: adapted on these rows, [0, 7, 4] becomes [-1, -1, -1].
        let layer = NormalizationLayer()
        try layer.adapt(Tensor([[0, 7, 4], [2, 9, 6], [0, 7, 4], [2, 9, 6]]))
        #expect(layer.mean!.value.scalars == [1, 8, 5] && layer.variance!.value.scalars == [1, 1, 1])
        #expect(layer(Tensor([[0, 7, 4]])).scalars == [-1, -1, -1])
        #expect(layer.parameters.map(\.name) == ["mean", "variance", "count"])
        #expect(layer.parameters.map(\.value.shape) == [[3], [3], []])
        #expect(layer.parameters.allSatisfy { !$0.isTrainable } && layer.count!.value.scalars == [0])
        #expect(layer.typeName == "Normalization")
    }

    @Test func normalizesTheLastAxisOfImagesAndGuardsConstantFeatures() throws {
        let layer = NormalizationLayer()
        // Two channels over 2 images of 1x2 pixels; channel 1 is constant.
        let x = Tensor(shape: [2, 1, 2, 2], scalars: [1, 5, 3, 5, 5, 5, 7, 5])
        try layer.adapt(x)
        #expect(layer.mean!.value.scalars == [4, 5] && layer.variance!.value.scalars == [5, 0])
        let output = layer(x)
        let deviation = Float(5).squareRoot()
        #expect(output.scalars == [(1 - 4) / deviation, 0, (3 - 4) / deviation, 0, (5 - 4) / deviation, 0, (7 - 4) / deviation, 0])
        // The gradient is 1 / deviation: checked where no deviation is the 1e-7 floor, whose
        // 1e7 slope is beyond float32 finite differences.
        let spread = NormalizationLayer()
        try spread.adapt(awayFromZero([6, 3], seed: 2))
        expectGradient(at: [awayFromZero([2, 4, 3], seed: 1)]) { spread($0[0]) }
    }

    @Test func unadaptedItPassesInputsThroughAndBadDataIsRefused() throws {
        let model = Sequential(inputShape: [2], seed: 1) { NormalizationLayer() }
        #expect(try model.predict(Tensor([[1, -2]])).scalars == [1, -2])
        let layer = model.layers[0] as! NormalizationLayer
        #expect(throws: TrainingError.self) { try layer.adapt(Tensor([[1, 2, 3]])) }
        #expect(throws: TrainingError.self) { try layer.adapt(Tensor([[1, .nan]])) }
        #expect(throws: TrainingError.self) { try layer.adapt(Tensor(shape: [0, 2], scalars: [])) }
        #expect(try LayerSpecification.parse("normalization")[0] is NormalizationLayer)
        #expect(throws: TrainingError.self) { try LayerSpecification.parse("normalization:2") }
        var settings = LayerSettings()
        settings.set("axis", 1)
        #expect(throws: LayerSettingsError.self) { try NormalizationLayer(settings: settings, name: "n") }
    }
}
