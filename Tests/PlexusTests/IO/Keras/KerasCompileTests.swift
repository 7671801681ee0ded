import Foundation
import Testing

@testable import Plexus

/// A model of several outputs compiled with a loss per output and loss weights, through a .keras
/// file's `compile_config`: Plexus writes them as Keras does (a list in the outputs' order), and
/// reads them as a list or keyed by output name, as Keras writes them either way.
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
