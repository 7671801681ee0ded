import Atomics

/// A trainable tensor: a weight or bias of a layer, held by reference so that an optimizer
/// can update it in place and a layer sees the new value at its next call.
///
/// While gradients are being recorded, ``tensor`` returns the value tracked by the graph and
/// the backward pass leaves the gradient in ``gradient``; otherwise it is the plain value and
/// nothing is recorded.
///
/// A parameter is not `Sendable`: it belongs to the model that holds it, and the compiler keeps
/// both on one thread (or hands them over whole, with `sending`), so no two threads can ever
/// write a weight at once.
public final class Parameter {
    // Unchecked for overlapping access, as `isRecording` is: every layer call reads it, and the
    // dynamic exclusivity check of each read was a twentieth of a single sample's predict.
    // Nothing in the library reads it while the value is being changed in place.

    /// The current value.
    @exclusivity(unchecked) public var value: Tensor
    /// The gradient of the last cost with respect to ``value``; nil before any backward pass.
    public var gradient: Tensor?
    /// A readable name, such as "kernel" or "bias".
    public var name: String
    /// Whether an optimizer may change it.
    public var isTrainable: Bool

    /// Set while a gradient is being recorded for this parameter.
    ///
    /// Unchecked for overlapping access (a plain flag, never passed inout): every layer call
    /// asks, and each dynamic exclusivity check costs about as much as the question.
    @exclusivity(unchecked) var isRecording = false

    /// For a table read by index (an ``Embedding``'s), after a backward pass: each element's
    /// sum, over the rows that read it, of the squared gradient of that read. Keras on
    /// TensorFlow hands such gradients to its optimizers as slices, one per read, and Adam's
    /// and RMSprop's second moments square each slice before summing them, so a row read
    /// twice gets g1² + g2², not (g1 + g2)². The optimizers use this in place of g², and
    /// clear it, to take the same steps.
    var occurrenceSquares: Tensor?

    /// A number no other parameter of this process has had: how an optimizer tells this
    /// parameter's slots from those of a freed one that lived at the same address. (A weak
    /// reference would tell too, but it gives the object a side table, and from then on every
    /// retain and release of it takes the slow path: several percent of a small training step.)
    let serial = Parameter.serials.loadThenWrappingIncrement(ordering: .relaxed)
    private static let serials = ManagedAtomic<UInt64>(0)

    /// A parameter holding `value`.
    public init(_ value: Tensor, name: String = "parameter", isTrainable: Bool = true) {
        self.value = value
        self.name = name
        self.isTrainable = isTrainable
    }

    /// The value to compute with: tracked by the graph while gradients are recorded.
    public var tensor: Tensor {
        guard isRecording, isTrainable else { return value }
        var tracked = value
        tracked.node = GraphNode(operation: name, inputs: [], value: value, parameter: self, pullback: nil)
        return tracked
    }
}
