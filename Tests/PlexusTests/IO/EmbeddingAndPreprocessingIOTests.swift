import Foundation
import Testing
@testable import Plexus

/// Embedding, the global pools, Rescaling and Normalization through the model file, ONNX
/// export and weight import. (ONNX Runtime runs the exports in CI: .ci/peers/check_onnx.py.)
@Suite struct EmbeddingAndPreprocessingIOTests {
    /// Embedding, average over the steps, a dense head; trained a step.
    static func sequenceModel() throws -> (model: Sequential, x: Tensor) {
        let model = Sequential(inputShape: [5], seed: 2) {
            Embedding(inputDim: 12, outputDim: 4)
            GlobalAveragePooling1D()
            Dense(3, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        model.compile(loss: .binaryCrossentropy(), optimizer: Adam(learningRate: 0.05))
        let x = Tensor([[1, 2, 3, 11, 0], [5, 5, 5, 5, 5], [0, 0, 7, 9, 10]])
        try model.trainOnBatch(x, Tensor(shape: [3, 1], scalars: [1, 0, 1]))
        return (model, x)
    }

    /// Rescaling and an adapted Normalization before convolutions and both 2-D global pools.
    static func imageModel(globalMax: Bool) throws -> (model: Sequential, x: Tensor) {
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.uniform([4, 5, 5, 2], low: 0, high: 255, using: &generator)
        let normalization = NormalizationLayer()
        try normalization.adapt(x * (1 / 255))
        let model = Sequential(inputShape: [5, 5, 2], seed: 3) {
            Rescaling(scale: 1 / 255)
            normalization
            Conv2D(filters: 3, kernelSize: 3, padding: .same, activation: .relu)
            if globalMax { GlobalMaxPooling2D() } else { GlobalAveragePooling2D() }
            Rescaling(scale: 2, offset: -0.5)
            Dense(2)
        }
        return (model, x)
    }

    static func roundTrip(_ model: Sequential, _ x: Tensor) throws -> Sequential {
        let path = try IOTestSupport.folder() + "/model.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.layers.map(\.typeName) == model.layers.map(\.typeName))
        #expect(loaded.weights.map(IOTestSupport.bits) == model.weights.map(IOTestSupport.bits))
        #expect(zip(loaded.parameters, model.parameters).allSatisfy { $0.isTrainable == $1.isTrainable })
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
        return loaded
    }

    @Test func sequenceModelSavesAndLoads() throws {
        let (model, x) = try Self.sequenceModel()
        let loaded = try Self.roundTrip(model, x)
        let embedding = try #require(loaded.layers[0] as? Embedding)
        #expect(embedding.inputDim == 12 && embedding.outputDim == 4)
    }

    @Test func imageModelsSaveAndLoadWithTheirStatistics() throws {
        for globalMax in [false, true] {
            let (model, x) = try Self.imageModel(globalMax: globalMax)
            let loaded = try Self.roundTrip(model, x)
            let normalization = try #require(loaded.layers[1] as? NormalizationLayer)
            #expect(normalization.parameters.map(\.name) == ["mean", "variance", "count"])
            #expect(normalization.parameters.allSatisfy { !$0.isTrainable })
            #expect((loaded.layers[4] as? Rescaling)?.offset == -0.5)
        }
    }

    func operators(_ model: Sequential) throws -> [String] {
        let graph = try ProtobufMessage(try model.onnxBytes(includeFinalActivation: false)).messages(7)[0]
        let nodes = try graph.messages(1)
        #expect(nodes.last?.strings(2) == ["output"])
        return nodes.map { $0.string(4)! }
    }

    @Test func onnxGraphs() throws {
        let sequence = try operators(try Self.sequenceModel().model)
        #expect(sequence == ["Cast", "Gather", "ReduceMean", "Gemm", "Relu", "Gemm", "Sigmoid"])
        let graph = try ProtobufMessage(try Self.sequenceModel().model.onnxBytes(includeFinalActivation: false)).messages(7)[0]
        let gather = try graph.messages(1)[1]
        #expect(gather.strings(1).first == "embedding.embeddings", "Gather reads the table first")
        let cast = try graph.messages(1)[0]
        #expect(try cast.messages(5).first { $0.string(1) == "to" }?.int(3) == ONNXGraph.int64Type)

        #expect(
            try operators(try Self.imageModel(globalMax: false).model) == [
                "Mul", "Sub", "Div", "Transpose", "Conv", "Relu", "GlobalAveragePool", "Transpose", "Flatten", "Mul", "Add", "Gemm",
            ])
        #expect(try operators(try Self.imageModel(globalMax: true).model).contains("GlobalMaxPool"))
    }

    @Test func embeddingWeightsImportFromKerasAndPyTorch() throws {
        let (source, x) = try Self.sequenceModel()
        let folder = try IOTestSupport.folder()
        // Keras: np.savez(path, *model.get_weights()).
        let positional = source.weights.enumerated().map { ("arr_\($0.offset)", $0.element) }
        try Data(ImportWeightsTests.npz(positional)).write(to: URL(fileURLWithPath: folder + "/keras.npz"))
        let fromKeras = Sequential(source.layers.map { try! $0.copyForImport() }, inputShape: [5], seed: 40)
        try fromKeras.importWeights(from: folder + "/keras.npz")
        #expect(IOTestSupport.bits(try fromKeras.predict(x)) == IOTestSupport.bits(try source.predict(x)))

        // PyTorch: nn.Embedding's weight is the same [num_embeddings, dim] table.
        let dense = source.layers[2] as! Dense, output = source.layers[3] as! Dense
        let torch: [String: Tensor] = [
            "embedding.weight": source.weights[0],
            "dense.weight": dense.kernel!.value.transposed(), "dense.bias": dense.bias!.value,
            "dense_1.weight": output.kernel!.value.transposed(), "dense_1.bias": output.bias!.value,
        ]
        try Safetensors.write(torch, to: folder + "/torch.safetensors")
        let fromTorch = Sequential(source.layers.map { try! $0.copyForImport() }, inputShape: [5], seed: 41)
        try fromTorch.importWeights(from: folder + "/torch.safetensors", layout: .pytorch, mapping: .byName)
        #expect(IOTestSupport.bits(try fromTorch.predict(x)) == IOTestSupport.bits(try source.predict(x)))
    }

    @Test func normalizationStatisticsImportInKerasOrder() throws {
        let (source, x) = try Self.imageModel(globalMax: false)
        let positional = source.weights.enumerated().map { ("arr_\($0.offset)", $0.element) }
        let path = try IOTestSupport.folder() + "/keras.npz"
        try Data(ImportWeightsTests.npz(positional)).write(to: URL(fileURLWithPath: path))
        let target = Sequential(source.layers.map { try! $0.copyForImport() }, inputShape: [5, 5, 2], seed: 50)
        try target.importWeights(from: path)
        #expect(IOTestSupport.bits(try target.predict(x)) == IOTestSupport.bits(try source.predict(x)))
    }
}

extension Layer {
    /// A new, unbuilt layer of the same type and settings (weights are imported into it).
    func copyForImport() throws -> any Layer {
        let registered = self as! any RegisteredLayer
        return try type(of: registered).rebuiltLayer(settings: registered.settings, name: name)
    }
}
