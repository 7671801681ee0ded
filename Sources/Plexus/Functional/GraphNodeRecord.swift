import Foundation

/// One call of a layer in a functional graph (or one input): the layer, the symbolic tensors it
/// was called on, and the order of the call among all calls, which is a topological order (a
/// call comes after the calls that made its inputs).
final class GraphNodeRecord: @unchecked Sendable {
    // @unchecked: every stored property is immutable after creation, and the creation counter
    // is behind a lock.
    /// The layer called; an ``InputLayer`` for a model input.
    let layer: any Layer
    /// The tensors the layer was called on; empty for an input.
    let inputs: [SymbolicTensor]
    /// The sample shape of the call's output (batch axis left out).
    let outputShape: [Int]
    /// Increases with every call made in the program: sorting by it is a topological order.
    let order: Int

    init(layer: any Layer, inputs: [SymbolicTensor], outputShape: [Int]) {
        self.layer = layer
        self.inputs = inputs
        self.outputShape = outputShape
        self.order = GraphNodeRecord.counter.next()
    }

    convenience init(input: InputLayer) {
        self.init(layer: input, inputs: [], outputShape: input.shape)
    }

    var isInput: Bool { inputs.isEmpty }

    private static let counter = CallCounter()
}

/// A counter shared by every thread that builds graphs.
private final class CallCounter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
