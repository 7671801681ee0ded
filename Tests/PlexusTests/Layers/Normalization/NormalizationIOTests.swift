import Foundation
import Testing
@testable import Plexus

/// The normalization layers through the model file, checkpoints, ONNX export, weight import
/// and the command's summary.
@Suite struct NormalizationIOTests {
    /// Images through conv, batchnorm, relu, pool, then flat rows through batchnorm and
    /// layernorm: every way the layers meet data.
    static func model(seed: UInt64 = 4) -> (model: Sequential, x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.uniform([20, 6, 6, 2], low: -1, high: 2, using: &generator)
        let y = Tensor(shape: [20], scalars: (0..<20).map { Float($0 % 3) })
        let model = Sequential(inputShape: [6, 6, 2], seed: seed) {
            Conv2D(filters: 4, kernelSize: 3)
            BatchNormalization(momentum: 0.8)
            ActivationLayer(.relu)
            MaxPooling2D(poolSize: 2)
            Flatten()
            Dense(6)
            BatchNormalization(epsilon: 1e-2, center: false)
            LayerNormalization()
            Dense(3)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        return (model, x, y)
    }

    @Test func saveAndLoadKeepBothModesExactly() throws {
        let (model, x, y) = Self.model()
        try model.fit(x, y, epochs: 2, batchSize: 8, verbose: .silent)
        let path = try IOTestSupport.folder() + "/norm.plexus"
        try model.save(to: path)
        let (tensors, _) = try Safetensors.read(path)
        #expect(tensors["batch_normalization.moving_variance"]?.shape == [4])
        #expect(tensors["batch_normalization_1.beta"] == nil && tensors["batch_normalization_1.gamma"]?.shape == [6])
        let loaded = try Sequential.load(from: path)
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        #expect(loaded.parameters.map(\.isTrainable) == model.parameters.map(\.isTrainable))
        #expect(loaded.parameters.filter { !$0.isTrainable }.count == 4)
        for (a, b) in zip(loaded.weights, model.weights) { #expect(IOTestSupport.bits(a) == IOTestSupport.bits(b)) }
        // Inference (moving statistics) and training (batch statistics, which move the averages).
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
        #expect(IOTestSupport.bits(loaded(x, training: true)) == IOTestSupport.bits(model(x, training: true)))
        for (a, b) in zip(loaded.weights, model.weights) { #expect(IOTestSupport.bits(a) == IOTestSupport.bits(b)) }
        let settings = try #require(loaded.layers[6] as? BatchNormalization)
        #expect(settings.epsilon == 1e-2 && !settings.center && settings.momentum == 0.99)
    }

    /// The moving statistics are weights, so a checkpoint carries them: 2 + 2 epochs equal 4.
    @Test func resumesExactly() throws {
        try ResumeTests().checkResume(makeModel: { Self.model() }, validationSplit: 0.2)
    }

    func nodes(_ model: Sequential) throws -> [ProtobufMessage] {
        try ProtobufMessage(try model.onnxBytes(includeFinalActivation: false)).messages(7)[0].messages(1)
    }

    @Test func exportsAsONNXBatchNormalizationAndLayerNormalization() throws {
        let (model, x, y) = Self.model()
        try model.fit(x, y, epochs: 1, batchSize: 8, verbose: .silent)
        let nodes = try nodes(model)
        // Images: the batch normalization stays on channels-first data between Conv and the pool.
        #expect(
            nodes.map { $0.string(4)! } == [
                "Transpose", "Conv", "BatchNormalization", "Relu", "MaxPool", "Transpose", "Flatten", "Gemm",
                "BatchNormalization", "LayerNormalization", "Gemm",
            ])
        let imageNorm = nodes[2]
        #expect(
            imageNorm.strings(1).dropFirst() == [
                "batch_normalization.gamma", "batch_normalization.beta",
                "batch_normalization.moving_mean", "batch_normalization.moving_variance",
            ])
        let epsilon = try imageNorm.messages(5).first { $0.string(1) == "epsilon" }
        #expect(epsilon?.all(2) == [.fixed32(Float(1e-3).bitPattern)])
        // Without beta (center: false), a constant of zeros stands in.
        #expect(nodes[8].strings(1)[2] == "batch_normalization_1.beta")
        let layerNorm = try nodes[9].messages(5)
        #expect(layerNorm.first { $0.string(1) == "axis" }?.int(3) == -1)
    }

    /// Sequences [T, C]: ONNX BatchNormalization would normalize the steps, so the map is
    /// folded into Mul and Add on the last axis.
    @Test func sequencesExportAsAFoldedAffineMap() throws {
        let model = Sequential(inputShape: [3, 5], seed: 1) {
            BatchNormalization()
            LayerNormalization()
            Flatten()
            Dense(2)
        }
        #expect(try nodes(model).map { $0.string(4)! } == ["Mul", "Add", "LayerNormalization", "Flatten", "Gemm"])
    }

    /// A PyTorch state_dict: BatchNorm1d's weight, bias, running_mean, running_var and its
    /// int64 num_batches_tracked (skipped), LayerNorm's weight and bias.
    @Test func importsPyTorchNormalizationWeightsSkippingTheBatchCount() throws {
        func target() -> Sequential {
            Sequential(inputShape: [3], seed: 9) {
                Dense(4, name: "l0")
                BatchNormalization(name: "l1")
                LayerNormalization(name: "l2")
            }
        }
        let values: [(String, [Float])] = [
            ("l0.weight", (0..<12).map { Float($0) / 10 }), ("l0.bias", [1, 2, 3, 4]),
            ("l1.weight", [1.5, 2, 2.5, 3]), ("l1.bias", [-1, -2, -3, -4]), ("l1.running_mean", [0.1, 0.2, 0.3, 0.4]),
            ("l1.running_var", [5, 6, 7, 8]), ("l2.weight", [9, 8, 7, 6]), ("l2.bias", [0.5, 0.25, 0, -0.25]),
        ]
        var entries = values.map {
            SafetensorsFile.Entry(name: $0.0, dtype: "F32", shape: [$0.1.count], bytes: $0.1.flatMap(\.littleEndianBytes))
        }
        entries[0].shape = [4, 3]
        entries.append(SafetensorsFile.Entry(name: "l1.num_batches_tracked", dtype: "I64", shape: [], bytes: [7, 0, 0, 0, 0, 0, 0, 0]))
        let path = try IOTestSupport.folder() + "/torch.safetensors"
        try Data(SafetensorsFile.bytes(entries.reversed())).write(to: URL(fileURLWithPath: path))
        for mapping in WeightMapping.allCases {
            let model = target()
            try model.importWeights(from: path, layout: .pytorch, mapping: mapping)
            #expect(model.parameters.map(\.name) == ["kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance", "gamma", "beta"])
            for (parameter, (name, expected)) in zip(model.parameters.dropFirst(), values.dropFirst()) {
                #expect(parameter.value.scalars == expected, "\(mapping) \(name)")
            }
        }
    }

    /// A saved model's tensors sort by name (a layer's beta before its gamma); by order they
    /// must still land in get_weights() order. (Layer names chosen to sort in model order.)
    @Test func savedModelImportsByOrderIntoGetWeightsOrder() throws {
        func model(seed: UInt64) -> Sequential {
            let model = Sequential(inputShape: [3], seed: seed) {
                Dense(4, name: "l0")
                BatchNormalization(name: "l1")
                LayerNormalization(name: "l2")
                Dense(2, name: "l3")
            }
            model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            return model
        }
        let trained = model(seed: 1)
        try trained.fit(uniform([16, 3], -1, 1, seed: 2), uniform([16, 2], -1, 1, seed: 3), epochs: 2, batchSize: 4, verbose: .silent)
        let path = try IOTestSupport.folder() + "/trained.plexus"
        try trained.save(to: path, includeOptimizer: true)
        let fresh = model(seed: 99)
        try fresh.importWeights(from: path)
        for (a, b) in zip(fresh.weights, trained.weights) { #expect(IOTestSupport.bits(a) == IOTestSupport.bits(b)) }
    }

    @Test func summaryListsTheMovingStatisticsAsParameters() throws {
        let result = try CommandRunner.run(
            ["summary", "--layers", "conv:32:3:relu,batchnorm,maxpool:2,flatten,10", "--input-shape", "28,28,1"])
        #expect(result.status == 0, "\(result.errors)")
        let line = result.output.split(separator: "\n").first { $0.contains("batch_normalization") }
        #expect(line?.contains("BatchNormalization") == true && line?.contains("128") == true, "\(result.output)")
        #expect(result.output.contains("54,538"), "\(result.output)")  // Keras: 54,538, of which 64 non-trainable
        let model = Sequential(try LayerSpecification.parse("conv:32:3:relu,batchnorm,maxpool:2,flatten,10"), inputShape: [28, 28, 1])
        #expect(model.parameters.filter { !$0.isTrainable }.map(\.value.count) == [32, 32])
    }

    @Test func badTokensAreOneLineAndStatusTwo() throws {
        for layers in ["4,batchnorm:1.5,2", "4,layernorm:0,2", "batchnorm:0.9:1e-3:1,2"] {
            let result = try CommandRunner.run(["summary", "--layers", layers, "--input-shape", "3"])
            #expect(result.status == 2, "\(layers): \(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1 && result.errors.contains("layer entry"), "\(result.errors)")
        }
    }
}

/// A safetensors file written byte by byte, for dtypes Plexus never writes (PyTorch's int64).
enum SafetensorsFile {
    struct Entry {
        var name: String
        var dtype: String
        var shape: [Int]
        var bytes: [UInt8]
    }

    static func bytes(_ entries: [Entry]) -> [UInt8] {
        var offset = 0
        var fields: [String] = []
        for entry in entries {
            fields.append(
                "\"\(entry.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":\(entry.shape),\"data_offsets\":[\(offset),\(offset + entry.bytes.count)]}"
            )
            offset += entry.bytes.count
        }
        let header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
        let length = UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + header + entries.flatMap(\.bytes)
    }
}

extension Float {
    var littleEndianBytes: [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: bitPattern >> (8 * UInt32($0))) } }
}
