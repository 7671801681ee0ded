import Testing

@testable import Plexus

/// Metrics chosen per output (Keras's `metrics=[["accuracy"], ["mae"]]`): each output reports
/// its own, under `<output layer>_<metric>`, in fit's history and evaluate's scores, and a saved
/// model keeps them.
struct OutputMetricsTests {
    /// Class logits ("cls") and a value ("reg"), with a batch of each.
    static func twoOutputs() -> (model: Model, x: Tensor, y: [Tensor]) {
        let input = Input(shape: [3])
        let hidden = Dense(4, activation: .relu)(input)
        let model = Model(inputs: [input], outputs: [Dense(2, name: "cls")(hidden), Dense(1, name: "reg")(hidden)], seed: 4)
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.normal([12, 3], using: &generator)
        return (model, x, [Tensor((0..<12).map { Float($0 % 2) }), Tensor.normal([12, 1], using: &generator)])
    }

    @Test func eachOutputReportsItsOwnMetrics() throws {
        let (model, x, y) = Self.twoOutputs()
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], optimizer: Adam(),
            outputMetrics: [[.accuracy], [.meanAbsoluteError, .meanSquaredError]])
        #expect(model.metrics.isEmpty)
        let history = try model.fit([x], y, epochs: 2, batchSize: 4, validationData: ([x], y), verbose: .silent)
        let names = ["cls_accuracy", "cls_loss", "loss", "reg_loss", "reg_mae", "reg_mse"]
        #expect(history.values.keys.sorted() == (names + names.map { "val_" + $0 }).sorted())
        let scores = try model.evaluate([x], y)
        #expect(scores.keys.sorted() == names)
        // The value output's "mse" metric is its loss: the same mean of squares.
        #expect(abs(scores["reg_mse"]! - scores["reg_loss"]!) <= 1e-6 * max(1, scores["reg_loss"]!))
    }

    @Test func metricsForEveryOutputStayTheDefault() throws {
        let (model, x, y) = Self.twoOutputs()
        model.compile(loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], optimizer: Adam(), metrics: [.accuracy])
        #expect(model.outputMetrics.map { $0.map(\.name) } == [["accuracy"], ["accuracy"]])
        #expect(try model.evaluate([x], y).keys.sorted() == ["cls_accuracy", "cls_loss", "loss", "reg_accuracy", "reg_loss"])
    }

    @Test func aSavedModelKeepsEachOutputsMetrics() throws {
        let (model, x, y) = Self.twoOutputs()
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], optimizer: Adam(),
            outputMetrics: [[], [.meanAbsoluteError]])
        let path = try IOTestSupport.folder() + "/metrics.plexus"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.outputMetrics.map { $0.map(\.name) } == [[], ["mae"]])
        #expect(try loaded.evaluate([x], y) == model.evaluate([x], y))
    }
}
