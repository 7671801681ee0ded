import Foundation
import Testing
@testable import Plexus

/// ONNX export of functional models: several inputs and outputs, merges as ONNX ops. (ONNX
/// Runtime runs the same kind of model in CI: .ci/peers/check_functional.py.)
@Suite struct ModelONNXTests {
    /// Two inputs, a shared layer, every merge, two outputs.
    static func model() -> Model {
        let a = Input(shape: [4]), b = Input(shape: [4])
        let shared = Dense(3, activation: .tanh)
        let sa = shared(a), sb = shared(b)
        let merged = Concatenate(axis: -1)([
            Add()([sa, sb]), Subtract()([sa, sb]), Multiply()([sa, sb]), Maximum()([sa, sb]), Average()([sa, sb, sa]),
        ])
        return Model(inputs: [a, b], outputs: [Dense(2, name: "left")(merged), Dense(1, name: "right")(merged)], seed: 3)
    }

    @Test func exportsEveryInputOutputAndMerge() throws {
        let graph = try ProtobufMessage(try Self.model().onnxBytes(includeFinalActivation: false)).messages(7)[0]
        let operators = try graph.messages(1).map { $0.string(4)! }
        #expect(
            operators == [
                "Gemm", "Tanh", "Gemm", "Tanh", "Add", "Sub", "Mul", "Max", "Add", "Add", "Div", "Concat",
                "Gemm", "Gemm", "Identity", "Identity",
            ])
        #expect(try graph.messages(11).map { $0.string(1)! } == ["input_0", "input_1"])
        #expect(try graph.messages(12).map { $0.string(1)! } == ["output_0", "output_1"])
        // The shared layer's weights are written once.
        let initializers = try graph.messages(5).map { $0.string(8)! }
        #expect(initializers.filter { $0 == "dense.kernel" }.count == 1)
    }

    @Test func aOneInputModelKeepsTheChainsNames() throws {
        let x = Input(shape: [3])
        let model = Model(inputs: [x], outputs: [Dense(2)(Add()([x, Dense(3)(x)]))])
        let graph = try ProtobufMessage(try model.onnxBytes(includeFinalActivation: false)).messages(7)[0]
        #expect(try graph.messages(11).map { $0.string(1)! } == ["input"])
        #expect(try graph.messages(12).map { $0.string(1)! } == ["output"])
    }

    /// Writes the model the CI's ONNX Runtime check uses (run by hand to refresh it).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PLEXUS_WRITE_PEER_MODEL"] != nil))
    func writePeerModel() throws {
        let model = KerasFunctionalSaveTests.mergesGraph(name: "peer")
        var generator = RandomGenerator(seed: 1)
        let x = [Tensor.normal([64, 4], using: &generator), Tensor.normal([64, 3], using: &generator)]
        try model.fit(x, Tensor.normal([64, 1], using: &generator), epochs: 3, batchSize: 16, verbose: .silent)
        let path = ProcessInfo.processInfo.environment["PLEXUS_WRITE_PEER_MODEL"]!
        try model.save(to: path)
    }
}
