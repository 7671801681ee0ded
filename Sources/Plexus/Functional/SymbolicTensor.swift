/// A placeholder for the tensors that will flow through a functional ``Model``: it has a
/// sample shape (batch axis left out) and remembers which layer call produced it, but holds no
/// values. ``Input(shape:name:)`` makes the first ones; calling a layer on them makes the rest.
///
/// ```swift
/// let input = Input(shape: [64])                   // shape [64]
/// let hidden = Dense(32, activation: .relu)(input) // shape [32], recorded as a node
/// ```
public final class SymbolicTensor: @unchecked Sendable {
    // @unchecked: immutable after creation; the node it refers to is immutable too.
    /// The layer call (or input) that produces it.
    let node: GraphNodeRecord

    /// The shape of one sample, without the batch axis.
    public var shape: [Int] { node.outputShape }

    init(node: GraphNodeRecord) {
        self.node = node
    }
}

/// The symbolic input of a functional ``Model``: samples of `shape` (batch axis left out), as
/// Keras's `keras.Input`.
///
/// ```swift
/// let image = Input(shape: [28, 28, 1])
/// let features = Input(shape: [10], name: "metadata")
/// ```
///
/// - Parameters:
///   - shape: the shape of one sample, every size positive.
///   - name: the input's name in summaries and files; by default "input_layer", "input_layer_1", ...
///     made unique when the model is made.
public func Input(shape: [Int], name: String = "input_layer") -> SymbolicTensor {
    require(!shape.isEmpty && shape.allSatisfy { $0 > 0 }, "Input(shape:) needs positive sizes, got \(shape)")
    return SymbolicTensor(node: GraphNodeRecord(input: InputLayer(name: name, shape: shape)))
}
