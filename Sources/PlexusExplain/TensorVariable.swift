import Plexus

extension Tensor {
    /// A named variable: `value` as a leaf of a new computation graph, so that everything
    /// computed from it is recorded and a backward pass leaves a gradient in its node.
    ///
    /// The name is the leaf's ``GraphNode/operation``, and what ``ComputationGraph`` calls it.
    ///
    /// ```swift
    /// let w = Tensor.variable(Tensor(2), name: "w")
    /// let J = (w * w).sum()
    /// J.backward()
    /// print(w.graphNode!.gradient!)                  // 4.0
    /// ```
    public static func variable(_ value: Tensor, name: String) -> Tensor {
        value.trackedAsLeaf(name)
    }

    /// A named scalar variable; see ``variable(_:name:)``.
    public static func variable(_ value: Float, name: String) -> Tensor {
        Tensor(value).trackedAsLeaf(name)
    }

    /// The recorded operation that produced this value; nil for a plain (untracked) tensor.
    ///
    /// After a backward pass its ``GraphNode/gradient`` holds the gradient of the cost with
    /// respect to this value.
    public var graphNode: GraphNode? { node }
}
