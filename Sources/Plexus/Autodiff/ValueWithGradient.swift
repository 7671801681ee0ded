/// The value of a scalar function and its gradient with respect to its input.
///
/// ```swift
/// let (value, gradient) = valueWithGradient(at: Tensor([3])) { w in (w * w).sum() }
/// // value 9, gradient [6]
/// ```
///
/// A function that does not depend on its input has a zero gradient.
public func valueWithGradient(at x: Tensor, of f: (Tensor) -> Tensor) -> (value: Tensor, gradient: Tensor) {
    let (value, gradients) = valueWithGradient(at: [x]) { f($0[0]) }
    return (value, gradients[0])
}

/// The value of a scalar function of several tensors and its gradient with respect to each.
public func valueWithGradient(
    at xs: [Tensor], of f: ([Tensor]) -> Tensor
) -> (value: Tensor, gradients: [Tensor]) {
    let leaves = xs.enumerated().map { $0.element.trackedAsLeaf("x\($0.offset)") }
    let value = f(leaves)
    require(value.count == 1, "valueWithGradient needs a scalar function, got a value of shape \(value.shape)")
    if value.isTracked { value.backward() }
    let gradients = zip(xs, leaves).map { x, leaf in leaf.node?.gradient ?? Tensor(shape: x.shape, repeating: 0) }
    return (value.detached(), gradients)
}

/// The gradients of a cost with respect to a set of parameters, by parameter.
public struct Gradients: Sendable {
    private var byParameter: [ObjectIdentifier: Tensor] = [:]

    /// No gradients.
    public init() {}

    /// The gradient for a parameter; nil when the cost does not depend on it.
    public subscript(_ parameter: Parameter) -> Tensor? {
        get { byParameter[ObjectIdentifier(parameter)] }
        set { byParameter[ObjectIdentifier(parameter)] = newValue }
    }

    /// The number of parameters with a gradient.
    public var count: Int { byParameter.count }
}

/// The value of a cost computed from some parameters, and the gradient with respect to each.
///
/// Inside `cost`, each parameter's ``Parameter/tensor`` is tracked, so the computation is
/// recorded; outside, nothing is.
public func valueWithGradient(
    for parameters: [Parameter], of cost: () -> Tensor
) -> (value: Tensor, gradients: Gradients) {
    valueWithGradient(for: parameters, observingPullbacks: nil, of: cost)
}

/// ``valueWithGradient(for:of:)``, handing `observer` each pullback's node and time (for
/// `plexus bench layers`, in the same package; not part of the public API).
package func valueWithGradient(
    for parameters: [Parameter], observingPullbacks observer: ((GraphNode, Duration) -> Void)?,
    of cost: () -> Tensor
) -> (value: Tensor, gradients: Gradients) {
    for parameter in parameters {
        parameter.gradient = nil
        parameter.occurrenceSquares = nil
        parameter.isRecording = true
    }
    defer { for parameter in parameters { parameter.isRecording = false } }
    let value = cost()
    require(value.count == 1, "the cost must be a scalar, got a value of shape \(value.shape)")
    if value.isTracked { value.backward(observingPullbacks: observer) }
    var gradients = Gradients()
    for parameter in parameters {
        gradients[parameter] = parameter.gradient
    }
    return (value.detached(), gradients)
}
