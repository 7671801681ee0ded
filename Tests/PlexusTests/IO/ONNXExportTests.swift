import Foundation
import Testing
@testable import Plexus

@Suite struct ONNXExportTests {
    @Test func protobufWireFormatKnownBytes() {
        var writer = ProtobufWriter()
        writer.int(1, 150)  // the protobuf guide's example: 08 96 01
        #expect(writer.bytes == [0x08, 0x96, 0x01])
        writer = ProtobufWriter()
        writer.string(2, "testing")  // 12 07 74 65 73 74 69 6e 67
        #expect(writer.bytes == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])
        writer = ProtobufWriter()
        writer.int(3, -1)  // ten bytes of two's complement
        #expect(writer.bytes == [0x18] + Array(repeating: 0xFF, count: 9) + [0x01])
        writer = ProtobufWriter()
        writer.float(2, 1)  // fixed32, little-endian: 15 00 00 80 3f
        #expect(writer.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])
        writer = ProtobufWriter()
        writer.message(7) { $0.int(1, 1) }  // 3a 02 08 01
        #expect(writer.bytes == [0x3A, 0x02, 0x08, 0x01])
    }

    @Test func convModelDecodesToTheExpectedGraph() throws {
        let (model, _, _) = IOTestSupport.convModel()
        let bytes = try model.onnxBytes(includeFinalActivation: true)
        let proto = try ProtobufMessage(bytes)
        #expect(proto.int(1) == 8)  // ir_version
        #expect(proto.string(2) == "plexus")
        let opset = try #require(try proto.messages(8).first)
        #expect(opset.string(1) == "" && opset.int(2) == 17)
        let graph = try #require(try proto.messages(7).first)
        let nodes = try graph.messages(1)
        #expect(
            nodes.map { $0.string(4)! } == [
                "Sub", "Div", "Transpose", "Conv", "Relu", "MaxPool", "Conv", "Tanh", "AveragePool", "Transpose",
                "Flatten", "Identity", "Gemm", "Sigmoid", "Gemm", "Mul", "Add",
            ])
        // Each node reads what the one before wrote; the last writes "output".
        for (previous, node) in zip(nodes, nodes.dropFirst()) { #expect(node.strings(1).first == previous.strings(2).first) }
        #expect(nodes.first?.strings(1).first == "input" && nodes.last?.strings(2) == ["output"])
        // The average pool over a 2x3 map, 2x2 'same': one padded column on the right, not counted.
        let pool = nodes[8]
        let attributes = try pool.messages(5)
        let pads = try #require(attributes.first { $0.string(1) == "pads" })
        #expect(pads.ints(8) == [0, 0, 0, 1] && pads.int(20) == 7)
        #expect(attributes.first { $0.string(1) == "count_include_pad" }?.int(3) == 0)
        // The first conv's 'same' 3x3 window: one pixel each side.
        #expect(try nodes[3].messages(5).first { $0.string(1) == "pads" }?.ints(8) == [1, 1, 1, 1])
        // The kernel is stored [out, in, kh, kw] as raw little-endian floats.
        let initializers = try graph.messages(5)
        let kernel = try #require(initializers.first { $0.string(8) == "conv2d.kernel" })
        #expect(kernel.ints(1) == [4, 2, 3, 3] && kernel.int(2) == 1)
        guard case .bytes(let raw)? = kernel.all(9).first else {
            Issue.record("no raw_data")
            return
        }
        let expected = (model.layers[0] as! Conv2D).kernel!.value.permuted([3, 2, 0, 1]).scalars
        let decoded = stride(from: 0, to: raw.count, by: 4).map { offset in
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(raw[offset + $1]) << (8 * UInt32($1)) })
        }
        #expect(decoded == expected)
        // Input and output: [batch, 6, 6, 2] and [batch, 1].
        let input = try #require(try graph.messages(11).first)
        #expect(input.string(1) == "input")
        let dims = try input.messages(2)[0].messages(1)[0].messages(2)[0].messages(1)
        #expect(dims.map { $0.string(2) ?? String($0.int(1)!) } == ["batch", "6", "6", "2"])
    }

    @Test func finalActivationIsOptionalAndFollowsTheLoss() throws {
        func ops(_ model: Sequential, _ final: Bool) throws -> [String] {
            let graph = try ProtobufMessage(try model.onnxBytes(includeFinalActivation: final)).messages(7)[0]
            return try graph.messages(1).map { $0.string(4)! }
        }
        let logits = Sequential(inputShape: [4], seed: 1) { Dense(3) }
        logits.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(try ops(logits, false) == ["Gemm"])
        #expect(try ops(logits, true) == ["Gemm", "Softmax"])
        let binary = Sequential(inputShape: [4], seed: 1) { Dense(1) }
        binary.compile(loss: .binaryCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(try ops(binary, true) == ["Gemm", "Sigmoid"])
        let multiLabel = Sequential(inputShape: [4], seed: 1) { Dense(3) }
        multiLabel.compile(loss: .binaryCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(try ops(multiLabel, true) == ["Gemm", "Sigmoid"])  // a sigmoid per label, not a softmax
        let probabilities = Sequential(inputShape: [4], seed: 1) { Dense(3, activation: .softmax) }
        probabilities.compile(loss: .sparseCategoricalCrossentropy(), optimizer: Adam())
        #expect(try ops(probabilities, true) == ["Gemm", "Softmax"])
        let regression = Sequential(inputShape: [4], seed: 1) { Dense(2) }
        regression.compile(loss: .meanSquaredError, optimizer: Adam())
        #expect(try ops(regression, true) == ["Gemm"])
        let ranked = Sequential(inputShape: [2, 4], seed: 1) {
            Dense(3, activation: .relu)
            Reshape([6])
        }
        #expect(try ops(ranked, false) == ["MatMul", "Add", "Relu", "Reshape"])
    }

    @Test func unbuiltModelCannotBeExported() {
        let model = Sequential { Dense(2) }
        #expect(throws: ModelFileError.self) { try model.exportONNX(to: "/tmp/never.onnx") }
    }
}
