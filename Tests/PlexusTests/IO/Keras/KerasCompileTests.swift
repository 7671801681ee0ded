import Foundation
import Testing

@testable import Plexus

/// A model of several outputs compiled with a loss per output, loss weights and metrics per
/// output, through a .keras file's `compile_config`: Plexus writes them as Keras does (a list in
/// the outputs' order), and reads them as a list or keyed by output name, as Keras writes them
/// either way; files Keras 3.15.1 saved (keras/kerascompile) score as Keras scored them.
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasCompileTests {
    /// Class logits ("cls") and a value ("reg") from one hidden layer, compiled with a loss each.
    static func twoOutputs() throws -> (model: Model, x: Tensor, y: [Tensor]) {
        let input = Input(shape: [3])
        let hidden = Dense(4, activation: .relu)(input)
        let model = Model(inputs: [input], outputs: [Dense(2, name: "cls")(hidden), Dense(1, name: "reg")(hidden)], seed: 2)
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], lossWeights: [1, 0.5],
            optimizer: Adam(learningRate: 0.01))
        var generator = RandomGenerator(seed: 5)
        let x = Tensor.normal([16, 3], using: &generator)
        let y = [Tensor((0..<16).map { Float($0 % 2) }), Tensor.normal([16, 1], using: &generator)]
        try model.fit([x], y, epochs: 2, batchSize: 8, verbose: .silent)
        return (model, x, y)
    }

    /// Each output's loss (name and logits) and the weights, as the model holds them.
    private func compiled(_ model: Model) -> [String] {
        model.outputLosses.map { loss in
            "\(loss.name)\((loss as? SparseCategoricalCrossentropy).map { $0.fromLogits ? " logits" : "" } ?? "")"
        } + (model.lossWeights ?? []).map { "weight \($0)" }
    }

    /// Rewrites the compile_config of the .keras file at `path`.
    private func editCompile(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
        try KerasFileSupport.write(try KerasFileSupport.members(atPath: path), to: path) { config in
            var compile = config["compile_config"] as! [String: Any]
            edit(&compile)
            config["compile_config"] = compile
        }
    }

    @Test func eachOutputsLossAndTheLossWeightsRoundTrip() throws {
        let (model, x, y) = try Self.twoOutputs()
        let path = try IOTestSupport.folder() + "/two.keras"
        try model.save(to: path)
        let written = try #require(
            JSONSerialization.jsonObject(with: Data(try KerasFileSupport.members(atPath: path)["config.json"]!)) as? [String: Any])
        let compile = try #require(written["compile_config"] as? [String: Any])
        #expect((compile["loss"] as? [Any])?.count == 2)
        #expect(compile["loss_weights"] as? [Double] == [1, 0.5])
        let loaded = try Model.load(from: path)
        #expect(compiled(loaded) == ["sparse_categorical_crossentropy logits", "mean_squared_error", "weight 1.0", "weight 0.5"])
        #expect(compiled(loaded) == compiled(model))
        // Training goes on as it would have: the same loss, with the same weights.
        #expect(try loaded.trainOnBatch([x], y) == model.trainOnBatch([x], y))
    }

    @Test func lossesAndWeightsKeyedByOutputNameLoadToo() throws {
        let (model, _, _) = try Self.twoOutputs()
        let path = try IOTestSupport.folder() + "/by-name.keras"
        try model.save(to: path)
        try editCompile(path) { compile in
            let losses = compile["loss"] as! [Any]
            compile["loss"] = ["reg": "mse", "cls": losses[0]]
            compile["loss_weights"] = ["reg": 0.5, "cls": 1]
        }
        #expect(compiled(try Model.load(from: path)) == compiled(model))
    }

    /// A fixture of generator/kerascompile.py: a batch and Keras's evaluate on it.
    struct ScoredBatch: Decodable {
        let inputs: [KerasFixture.Values]
        let labels: [KerasFixture.Values]
        let scores: [String: Float]
    }

    @Test(arguments: ["metrics_per_output", "metrics_by_name"])
    func kerasFilesWithMetricsPerOutputScoreAsKerasDid(_ name: String) throws {
        let url = KerasFixture.folder("kerascompile").appendingPathComponent(name + ".json")
        let fixture = try JSONDecoder().decode(ScoredBatch.self, from: Data(contentsOf: url))
        let model = try Model.load(from: KerasFileSupport.path(name, group: "kerascompile"))
        let scores = try model.evaluate(fixture.inputs.map(\.tensor), fixture.labels.map(\.tensor))
        #expect(scores.keys.sorted() == fixture.scores.keys.sorted())
        for (key, expected) in fixture.scores {
            let difference = KerasFileSupport.largestDifference([scores[key] ?? .nan], [expected])
            #expect(difference <= 1e-5, "\(name): \(key) is \(scores[key] ?? .nan), Keras reported \(expected)")
        }
    }

    @Test func metricsPerOutputAreWrittenAsKerasReadsThem() throws {
        let (model, x, y) = try Self.twoOutputs()
        model.compile(
            loss: model.outputLosses, lossWeights: model.lossWeights, optimizer: Adam(learningRate: 0.01),
            outputMetrics: [[.accuracy], []])
        let path = try IOTestSupport.folder() + "/metrics.keras"
        try model.save(to: path)
        let written = try #require(
            JSONSerialization.jsonObject(with: Data(try KerasFileSupport.members(atPath: path)["config.json"]!)) as? [String: Any])
        let compile = try #require(written["compile_config"] as? [String: Any])
        #expect(compile["metrics"] as? [[String]] == [["accuracy"], []])
        let loaded = try Model.load(from: path)
        #expect(loaded.outputMetrics.map { $0.map(\.name) } == [["accuracy"], []])
        #expect(try loaded.evaluate([x], y).keys.sorted() == ["cls_accuracy", "cls_loss", "loss", "reg_loss"])

        // The same metrics for every output go as one list per output: Keras would give a list
        // of one metric per output to each output in turn.
        model.compile(loss: model.outputLosses, optimizer: Adam(), metrics: [.meanAbsoluteError, .meanSquaredError])
        try model.save(to: path)
        let again = try #require(
            JSONSerialization.jsonObject(with: Data(try KerasFileSupport.members(atPath: path)["config.json"]!)) as? [String: Any])
        let metrics = (again["compile_config"] as? [String: Any])?["metrics"] as? [[String]]
        #expect(metrics == Array(repeating: ["mae", "mse"], count: 2))
        #expect(try Model.load(from: path).outputMetrics.map { $0.map(\.name) } == [["mae", "mse"], ["mae", "mse"]])
    }

    /// For one output Keras takes any nesting of metrics, a dictionary's values in key order.
    @Test func oneOutputsMetricsAreFlattenedAsKerasFlattensThem() throws {
        let model = Sequential([Dense(1, name: "out")], inputShape: [3], seed: 1)
        model.compile(loss: MeanSquaredError(), optimizer: Adam())
        let path = try IOTestSupport.folder() + "/one.keras"
        try model.save(to: path)
        try editCompile(path) { $0["metrics"] = ["out": ["mae"], "extra": [["accuracy"]]] }
        #expect(try Model.load(from: path).metrics.map(\.name) == ["accuracy", "mae"])
    }

    /// Metrics as JSON, and what the error says.
    @Test(arguments: [
        (#"["accuracy"]"#, "the metrics: 1 given for a model of 2 outputs"),
        (#"{"nope": ["mae"]}"#, "the metrics: no output is named 'nope'"),
        (#""accuracy""#, "must be a list with one entry per output, or keyed by output name"),
        (#"[["accuracy"], ["auc"]]"#, "the metric \"auc\" is not supported"),
    ])
    func metricsThatDoNotFitTheOutputsAreAClearError(_ metrics: String, message: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(metrics.utf8), options: .fragmentsAllowed)
        let (model, _, _) = try Self.twoOutputs()
        let path = try IOTestSupport.folder() + "/bad-metrics.keras"
        try model.save(to: path)
        try editCompile(path) { $0["metrics"] = value }
        #expect {
            try Model.load(from: path)
        } throws: { error in
            error is ModelFileError && "\(error)".contains(message)
        }
    }

    /// The loss and the loss weights as JSON, and what the error says.
    @Test(arguments: [
        (#"["mse", "mse", "mse"]"#, "null", "3 given for a model of 2 outputs"),
        (#"{"cls": "mse", "nope": "mse"}"#, "null", "no output is named 'nope'"),
        (#"{"cls": "mse"}"#, "null", "nothing is given for the output 'reg'"),
        (#""mse""#, #"[1, "x"]"#, "is not a finite number"),
        (#""mse""#, "[1]", "the loss weights: 1 given for a model of 2 outputs"),
    ])
    func lossesThatDoNotFitTheOutputsAreAClearError(_ loss: String, weights: String, message: String) throws {
        func parse(_ json: String) throws -> Any {
            try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        }
        let (loss, weights) = (try parse(loss), try parse(weights))
        let (model, _, _) = try Self.twoOutputs()
        let path = try IOTestSupport.folder() + "/bad.keras"
        try model.save(to: path)
        try editCompile(path) { compile in
            compile["loss"] = loss
            compile["loss_weights"] = weights
        }
        #expect {
            try Model.load(from: path)
        } throws: { error in
            error is ModelFileError && "\(error)".contains(message)
        }
    }
}
