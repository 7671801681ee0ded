// How a tensor joins the computation graph. Every differentiable operation ends with a call
// of `recorded(_:inputs:pullback:)`: when no input is tracked (inference, or a plain tensor
// computation) it returns at once, so recording costs nothing when no gradient is wanted.

extension Tensor {
    /// Whether this tensor is part of a recorded computation, so that a gradient flows to it.
    public var isTracked: Bool { node != nil }

    /// The same values, cut from the computation graph: nothing computed from it is
    /// differentiated.
    public func detached() -> Tensor {
        var copy = self
        copy.node = nil
        return copy
    }

    /// Records this tensor as the output of a differentiable operation on `inputs`.
    ///
    /// This is how every built-in operation is made differentiable, and how you add your own:
    /// compute the value without recording, then give the vector-Jacobian product — a closure
    /// that receives the gradient of the cost with respect to this output and returns the
    /// gradient with respect to each input (nil for an input that needs none). Capture inputs
    /// `detached()` in the closure, so that the backward pass does not record itself.
    ///
    /// ```swift
    /// func cube(_ x: Tensor) -> Tensor {
    ///     let plain = x.detached()
    ///     return (plain * plain * plain).recorded("cube", inputs: [x]) { gradient in
    ///         [gradient * 3 * plain * plain]
    ///     }
    /// }
    /// ```
    ///
    /// When no input is tracked, it returns `self` unchanged and never calls `pullback`.
    public func recorded(
        _ operation: String, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard inputs.contains(where: \.isTracked) else { return self }
        var output = self
        output.node = GraphNode(
            operation: operation, inputs: inputs.map(\.node), value: detached(), pullback: pullback)
        return output
    }

    /// This tensor as a leaf of a new graph: a variable that gradients flow to.
    package func trackedAsLeaf(_ name: String) -> Tensor {
        var leaf = detached()
        leaf.node = GraphNode(operation: name, inputs: [], value: leaf, pullback: nil)
        return leaf
    }
}
