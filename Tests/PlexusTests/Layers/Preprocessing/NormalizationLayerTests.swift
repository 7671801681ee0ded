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
        // The batch axis, None (no axis kept), a non-number.
        for axis: ConfigurationValue in [.integer(0), .array([.integer(1), .integer(0)]), .null, .string("x"), .array([])] {
            var settings = LayerSettings()
            settings.set("axis", axis)
            #expect(throws: LayerSettingsError.self, "\(axis)") { try NormalizationLayer(settings: settings, name: "n") }
        }
        // An axis the samples do not have.
        #expect(throws: ArchitectureError.self) { try NormalizationLayer(axes: [3]).outputShape(forInputShape: [4, 2]) }
        #expect(throws: ArchitectureError.self) { try NormalizationLayer(axes: [-1, 2]).outputShape(forInputShape: [4, 2]) }
        #expect(throws: TrainingError.self) { try NormalizationLayer(axes: [2]).adapt(Tensor([[1, 2, 3]])) }
    }

    /// Keras's `axis=[1, 2, 3]`: each element of an image its own mean and variance (over the
    /// batch only); `axis=1`: one per image row, over its columns and channels.
    @Test func keepsTheStatisticsOfTheAxesItIsGiven() throws {
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.normal([5, 3, 2, 2], using: &generator) * 4 + 1
        let values = x.scalars
        func element(_ n: Int, _ h: Int, _ w: Int, _ c: Int) -> Double { Double(values[((n * 3 + h) * 2 + w) * 2 + c]) }
        func moments(_ items: [Double]) -> (Float, Float) {
            let mean = items.reduce(0, +) / Double(items.count)
            return (Float(mean), Float(items.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(items.count)))
        }
        let each = NormalizationLayer(axes: [1, 2, 3])
        try each.adapt(x)
        #expect(each.mean?.value.shape == [3, 2, 2])
        let perElement = (0..<12).map { e in moments((0..<5).map { n in element(n, e / 4, (e / 2) % 2, e % 2) }) }
        #expect(each.mean!.value.scalars == perElement.map(\.0) && each.variance!.value.scalars == perElement.map(\.1))
        let rows = NormalizationLayer(axes: [1])
        try rows.adapt(x)
        #expect(rows.mean?.value.shape == [3])
        let perRow = (0..<3).map { h in moments((0..<5).flatMap { n in (0..<4).map { element(n, h, $0 / 2, $0 % 2) } }) }
        #expect(rows.mean!.value.scalars == perRow.map(\.0) && rows.variance!.value.scalars == perRow.map(\.1))
        // Each row's values standardized by that row's statistics; the same layer by -3.
        let output = rows(x).scalars
        for index in 0..<x.count {
            let h = (index / 4) % 3
            let expected = (values[index] - perRow[h].0) / perRow[h].1.squareRoot()
            #expect(Swift.abs(output[index] - expected) <= 1e-5 * Swift.max(1, Swift.abs(expected)))
        }
        let same = NormalizationLayer(axes: [-3])
        try same.adapt(x)
        #expect(same(x).scalars == output)
        expectGradient(at: [x.rows(0..<2)]) { each($0[0]) }
    }

    /// `invert`: mean + input * deviation, undoing the standardization of the same statistics.
    @Test func invertedItGivesStandardizedValuesBackInTheirUnits() throws {
        let targets = Tensor([[1000, -3], [1100, -2.5], [900, -3.5], [1040, -3]])
        let forward = NormalizationLayer(), inverse = NormalizationLayer(invert: true)
        try forward.adapt(targets)
        try inverse.adapt(targets)
        #expect(inverse.mean!.value.scalars == forward.mean!.value.scalars)
        let standardized = Tensor([[0.5, -1], [2, 0]])
        let deviations = forward.deviations!.scalars, means = forward.mean!.value.scalars
        #expect(
            inverse(standardized).scalars == [
                means[0] + 0.5 * deviations[0], means[1] + -1 * deviations[1], means[0] + 2 * deviations[0], means[1] + 0 * deviations[1],
            ])
        let roundTrip = inverse(forward(targets)).scalars
        #expect(zip(roundTrip, targets.scalars).allSatisfy { Swift.abs($0 - $1) <= 1e-3 })
        // The gradient is the deviation (checked at a scale float32 differences resolve).
        let small = NormalizationLayer(invert: true)
        try small.adapt(Tensor([[1, -3], [3, -2.5], [2, -3.5], [0, -3]]))
        expectGradient(at: [standardized]) { small($0[0]) }
        #expect(inverse.settings.values["invert"] == .bool(true))
        let again = try NormalizationLayer(settings: inverse.settings, name: "n")
        #expect(again.invert && again.axes == [-1])
    }
}
