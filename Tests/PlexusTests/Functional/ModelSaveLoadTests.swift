import Foundation
import Testing
@testable import Plexus

/// Saving and loading functional models: the graph travels in the model file's JSON, predictions
/// come back bit for bit, checkpoints resume, and a lying graph is a thrown error naming the file.
@Suite struct ModelSaveLoadTests {
    static func twoInputModel() -> Model {
        let a = Input(shape: [5]), b = Input(shape: [3])
        let shared = Dense(4, activation: .relu)
        let joined = Concatenate(axis: -1)([shared(a), b, Maximum()([shared(a), shared(a)])])
        let model = Model(inputs: [a, b], outputs: [Dense(2)(BatchNormalization()(joined))], name: "towers", seed: 9)
        model.compile(loss: MeanSquaredError(), optimizer: Adam(learningRate: 0.01), metrics: [.meanAbsoluteError])
        return model
    }

    static func data(seed: UInt64 = 4) -> (x: [Tensor], y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        return (
            [Tensor.normal([24, 5], using: &generator), Tensor.normal([24, 3], using: &generator)],
            Tensor.normal([24, 2], using: &generator)
        )
    }

    @Test func loadedModelPredictsTheSameBitForBit() throws {
        let model = Self.twoInputModel()
        let (x, y) = Self.data()
        try model.fit(x, y, epochs: 2, batchSize: 8, verbose: .silent)
        let path = try IOTestSupport.folder() + "/towers.plexus"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(!(loaded is Sequential) && loaded.name == "towers")
        #expect(loaded.layers.map(\.name) == model.layers.map(\.name))
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
        // The same table; the loaded model's optimizer has no slots yet.
        #expect(model.summaryText.hasPrefix(loaded.summaryText))
        #expect(try loaded.evaluate(x, y) == (try model.evaluate(x, y)))
    }

    @Test func aCheckpointResumesAsTheUninterruptedRun() throws {
        let (x, y) = Self.data()
        let straight = Self.twoInputModel()
        try straight.fit(x, y, epochs: 4, batchSize: 8, verbose: .silent)
        let first = Self.twoInputModel()
        try first.fit(x, y, epochs: 2, batchSize: 8, verbose: .silent)
        let path = try IOTestSupport.folder() + "/run.ckpt"
        try first.save(to: path, includeOptimizer: true)
        let resumed = try Model.load(from: path)
        try resumed.fit(x, y, epochs: 2, batchSize: 8, verbose: .silent)
        #expect(resumed.epochsCompleted == 4)
        #expect(resumed.weights.map(IOTestSupport.bits) == straight.weights.map(IOTestSupport.bits))
    }

    @Test func severalOutputsKeepTheirLossesAndWeights() throws {
        let x = Input(shape: [4])
        let h = Dense(3, activation: .relu)(x)
        let model = Model(inputs: [x], outputs: [Dense(2, name: "logits")(h), Dense(1, name: "value")(h)], seed: 1)
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], lossWeights: [2, 0.5],
            optimizer: SGD(learningRate: 0.1))
        let path = try IOTestSupport.folder() + "/two.plexus"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.outputLosses.map(\.name) == ["sparse_categorical_crossentropy", "mean_squared_error"])
        #expect(loaded.lossWeights == [2, 0.5])
        #expect(loaded.outputNames == ["logits", "value"])
    }

    @Test func chainsAndGraphsLoadThroughTheirOwnDoors() throws {
        let folder = try IOTestSupport.folder()
        let chain = Sequential(inputShape: [3], seed: 2) { Dense(2) }
        try chain.save(to: folder + "/chain.plexus")
        #expect(try Model.load(from: folder + "/chain.plexus") is Sequential)
        try Self.twoInputModel().save(to: folder + "/graph.plexus")
        #expect(throws: ModelFileError.self) { try Sequential.load(from: folder + "/graph.plexus") }
    }

    /// The saved graph with `edit` applied to its architecture's JSON text.
    static func lyingFile(_ edit: (String) -> String) throws -> String {
        let folder = try IOTestSupport.folder()
        try twoInputModel().save(to: folder + "/good.plexus")
        let reader = try SafetensorsReader(path: folder + "/good.plexus")
        defer { reader.close() }
        var metadata = reader.header.metadata
        metadata["architecture"] = edit(metadata["architecture"]!)
        let tensors = try reader.header.entries.map { (name: $0.name, tensor: try reader.tensor($0)) }
        let path = folder + "/lying.plexus"
        try AtomicFile.write(SafetensorsWriter.encode(tensors, metadata: metadata), to: path)
        return path
    }

    @Test(arguments: [
        ("\"layer\":\"maximum\"}", "\"layer\":\"nothing\"}", "not one of its layers"),
        ("{\"call\":1,\"layer\":\"dense\"}", "{\"call\":5,\"layer\":\"dense\"}", "does not come before"),
        ("\"shape\":[5]", "\"shape\":[6]", "tensor 'dense.kernel' has shape"),
        ("\"shape\":[3]", "\"shape\":[4,2]", "does not hold together"),
        ("\"shape\":[5]", "\"shape\":[0]", "sizes must be positive"),
        ("\"shape\":[5]", "\"shape\":[9223372036854775807,9223372036854775807]", "the input"),
    ])
    func aLyingGraphIsAnErrorNamingTheFile(find: String, replace: String, expected: String) throws {
        let path = try Self.lyingFile { text in
            #expect(text.contains(find), "the saved graph changed: \(text)")
            return text.replacingOccurrences(of: find, with: replace)
        }
        do {
            _ = try Model.load(from: path)
            Issue.record("the lying graph loaded")
        } catch let error as ModelFileError {
            #expect("\(error)".contains(path) && "\(error)".contains(expected), "\(error)")
        }
    }
}
