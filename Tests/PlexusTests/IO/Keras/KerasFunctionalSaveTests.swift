import Foundation
import Testing
@testable import Plexus

/// Functional models saved as .keras files: Keras's Functional layout (layers by depth, inputs
/// and merges counted in the weight groups), read back to the same predictions. (CI loads the
/// same kind of file in Keras itself: .ci/keras-files.sh.)
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasFunctionalSaveTests {
    /// The graph of ``mergesModel()``, compiled, before any training (also the ONNX peer's model).
    static func mergesGraph(name: String) -> Model {
        let a = Input(shape: [4]), b = Input(shape: [3])
        let shared = Dense(3, activation: .tanh)
        let sa = shared(a), sa2 = shared(a)
        let tower = Dense(3, activation: .relu)(b)
        let merged = Concatenate(axis: -1)([
            Add()([sa, tower]), Subtract()([sa, tower]), Multiply()([sa, sa2]), Maximum()([sa, tower]),
            Average()([sa, tower, sa2]), b,
        ])
        let model = Model(inputs: [a, b], outputs: [Dense(1)(BatchNormalization()(merged))], name: name, seed: 5)
        model.compile(loss: MeanSquaredError(), optimizer: Adam(learningRate: 0.01))
        return model
    }

    /// Two inputs, a shared layer called twice, every merge layer, BatchNormalization.
    static func mergesModel() throws -> (model: Model, x: [Tensor]) {
        let model = mergesGraph(name: "merges")
        var generator = RandomGenerator(seed: 1)
        let x = [Tensor.normal([32, 4], using: &generator), Tensor.normal([32, 3], using: &generator)]
        try model.fit(x, Tensor.normal([32, 1], using: &generator), epochs: 2, batchSize: 16, verbose: .silent)
        return (model, x)
    }

    @Test func aGraphOfMergesAndASharedLayerRoundTrips() throws {
        let (model, x) = try Self.mergesModel()
        let path = try IOTestSupport.folder() + "/merges.keras"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.typeName == "Functional")
        #expect(loaded.layers.map(\.name) == model.layers.map(\.name))
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
        #expect(loaded.optimizer is Adam)
    }

    @Test func writesKerasFunctionalLayout() throws {
        let (model, _) = try Self.mergesModel()
        let path = try IOTestSupport.folder() + "/merges.keras"
        try model.save(to: path)
        let members = try KerasFileSupport.members(atPath: path)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(members["config.json"]!)) as? [String: Any])
        #expect(root["class_name"] as? String == "Functional")
        let config = try #require(root["config"] as? [String: Any])
        let layers = try #require(config["layers"] as? [[String: Any]])
        // Keras's order: by depth, so both inputs first; the shared Dense is listed once, with two calls.
        #expect(layers.prefix(2).map { $0["class_name"] as? String } == ["InputLayer", "InputLayer"])
        let shared = try #require(layers.first { $0["name"] as? String == "dense" })
        #expect((shared["inbound_nodes"] as? [Any])?.count == 2)
        #expect((config["input_layers"] as? [[Any]])?.count == 2)
        #expect((config["output_layers"] as? [Any])?.first as? String == "dense_2")
        let groups = try HDF5File.reading(members["model.weights.h5"]!, name: "weights") { h5 in
            (
                layers: try h5.memberNames(of: "layers", limit: 20), input: try h5.memberNames(of: "layers/input_layer_1/vars", limit: 2),
                kernel: try h5.datasetShape("layers/dense_2/vars/0")
            )
        }
        #expect(
            groups.layers.contains("input_layer_1") && groups.layers.contains("average") && groups.layers.contains("batch_normalization"))
        #expect(groups.input.isEmpty)
        #expect(groups.kernel == [18, 1])
    }

    @Test func theInputScalingBecomesANormalizationLayerAfterTheInput() throws {
        let data = TrainingData.blobs(centers: [[10, 200, -3], [12, 180, 0]], count: 20, spread: 2, seed: 2)
        let input = Input(shape: [3])
        let hidden = Dense(6, activation: .relu)(input)
        let model = Model(inputs: [input], outputs: [Dense(1)(Add()([hidden, Dense(6)(input)]))], seed: 3)
        model.inputNormalization = Normalization.fit(data.x, method: .standard)
        let path = try IOTestSupport.folder() + "/scaled.keras"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.layers.first?.name == "input_normalization")
        let difference = KerasFileSupport.largestDifference(try loaded.predict([data.x]).scalars, try model.predict([data.x]).scalars)
        #expect(difference <= 1e-6)
    }

    @Test func theResidualCNNRoundTrips() throws {
        let model = try Model.residualCNN(inputShape: [8, 8, 1], classes: 3, seed: 2)
        var generator = RandomGenerator(seed: 4)
        let x = Tensor.normal([2, 8, 8, 1], using: &generator)
        let path = try IOTestSupport.folder() + "/resnet.keras"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(IOTestSupport.bits(try loaded.predict([x])) == IOTestSupport.bits(try model.predict([x])))
    }

    @Test func exportCommandWritesAFunctionalKerasFile() throws {
        let folder = try IOTestSupport.folder()
        let (model, _) = try Self.mergesModel()
        try model.save(to: folder + "/merges.plexus")
        let result = try CommandRunner.run(["export", "--model", folder + "/merges.plexus", "--keras", folder + "/merges.keras"])
        #expect(result.status == 0, "\(result.errors)")
        let summary = try CommandRunner.run(["summary", "--model", folder + "/merges.keras"])
        #expect(summary.output.contains("average (Average)"), "\(summary.output)\(summary.errors)")
    }
}
