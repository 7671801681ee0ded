import Foundation
import Testing
@testable import Plexus

/// `save(to:)` and `load(from:)`: one safetensors file, read back bit for bit.
@Suite struct SaveLoadTests {
    @Test func denseModelRoundTripsBitForBit() throws {
        let (model, x, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/dense.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)

        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
        #expect(loaded.layers.map(\.name) == ["dense", "dense_1", "dense_2"])
        #expect(loaded.seed == model.seed && loaded.inputShape == [3] && loaded.name == model.name)
        #expect(loaded.inputNormalization == model.inputNormalization)
        #expect((loaded.layers[1] as? Dense)?.activation == .leakyRelu(slope: 0.1))
        #expect(loaded.loss?.name == "sparse_categorical_crossentropy")
        #expect((loaded.loss as? SparseCategoricalCrossentropy)?.fromLogits == true)
        #expect((loaded.optimizer as? Adam)?.learningRate == 0.01)
        #expect(loaded.metrics == [.accuracy])
        // The same table; only the optimizer's slots (not saved without includeOptimizer) differ.
        let withoutSlots = model.summaryText.split(separator: "\n").filter { !$0.contains("Optimizer params") }
        #expect(loaded.summaryText.split(separator: "\n") == withoutSlots)
    }

    @Test func convModelWithScalingRoundTripsBitForBit() throws {
        let (model, x, y) = IOTestSupport.convModel()
        try model.fit(x, y, epochs: 2, batchSize: 4, verbose: .silent)
        let path = try IOTestSupport.folder() + "/conv.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        let expected = try model.predict(x), got = try loaded.predict(x)
        #expect(IOTestSupport.bits(got) == IOTestSupport.bits(expected))
        #expect(loaded.outputNormalization == model.outputNormalization)
        let conv = try #require(loaded.layers[2] as? Conv2D)
        #expect(conv.kernelSize == (2, 1) && conv.activation == .tanh && conv.padding == .valid)
        let pool = try #require(loaded.layers[3] as? AveragePooling2D)
        #expect(pool.padding == .same)
        #expect((loaded.layers[5] as? Dropout)?.rate == 0.25)
        #expect((loaded.optimizer as? SGD)?.nesterov == true)
        // Predictions are in the targets' units, evaluation in the trained (scaled) units.
        #expect(try loaded.evaluate(x, y) == (try model.evaluate(x, y)))
        #expect(abs(got.mean().scalar - 200) < 100)
    }

    @Test func weightsHaveReadableNamesAndMetadataIsJSON() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/names.plexus"
        try model.save(to: path)
        let (tensors, metadata) = try Safetensors.read(path)
        #expect(
            Set(tensors.keys) == [
                "dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias", "dense_2.kernel", "dense_2.bias",
                "preprocessing.input.offset", "preprocessing.input.scale",
            ])
        #expect(tensors["dense_1.kernel"]?.shape == [8, 6])
        #expect(metadata["format"] == "plexus" && metadata["format_version"] == "1")
        let architecture = try #require(metadata["architecture"])
        #expect(architecture.contains("\"type\":\"Dense\"") && architecture.contains("\"input_shape\":[3]"))
        #expect(metadata["compile"]?.contains("\"from_logits\":true") == true)
        #expect(metadata["preprocessing"] == "{\"input\":{\"features\":3,\"method\":\"standard\"}}")
        #expect(metadata["training"] == nil)
    }

    @Test func unbuiltModelSavesItsArchitectureOnly() throws {
        let model = Sequential(seed: 9) {
            Dense(4, activation: .relu)
            Dense(2)
        }
        let path = try IOTestSupport.folder() + "/unbuilt.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(!loaded.isBuilt && loaded.layers.count == 2 && loaded.seed == 9)
        let x = Tensor([[1, 2, 3]])
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
    }

    @Test func customLayerIsNotSavable() throws {
        final class Doubler: Layer {
            var name = "doubler"
            var typeName: String { "Doubler" }
            var parameters: [Parameter] { [] }
            var isBuilt: Bool { true }
            func build(inputShape: [Int], generator: inout RandomGenerator) {}
            func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }
            func forward(_ input: Tensor, training: Bool) -> Tensor { input * 2 }
        }
        let model = Sequential([Dense(2), Doubler()], inputShape: [2], seed: 1)
        #expect {
            try model.save(to: try IOTestSupport.folder() + "/custom.plexus")
        } throws: { error in
            (error as? ModelFileError)?.kind == .notSavable && "\(error)".contains("layer 'doubler' of type Doubler cannot be saved")
        }
    }
}
