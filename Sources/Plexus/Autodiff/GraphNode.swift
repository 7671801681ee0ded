/// One recorded operation of a computation graph: the value it produced, the nodes of its
/// inputs, and its vector-Jacobian product — how a gradient of the cost with respect to its
/// output becomes gradients with respect to its inputs.
///
/// Nodes are recorded while a forward pass runs with gradient recording on (inside
/// ``valueWithGradient(for:of:)`` or ``valueWithGradient(at:of:)-2d5kn``) and walked backward by
/// ``Tensor/backward()``. After a backward pass each node holds the gradient of the cost with
/// respect to its value, so a graph can also be inspected (see ``GraphNode/nodes(reachingFrom:)``).
public final class GraphNode: @unchecked Sendable {
    // @unchecked: a graph is recorded and walked on one thread (the one running the forward
    // pass); `gradient` and `pullback` change only during that walk. Tensors carry their node
    // so that they stay Sendable values; send a `detached()` tensor to another thread.
    /// The operation's name, for example "matmul" or "dense(relu)".
    public let operation: String
    /// The nodes of the inputs that take part in differentiation; nil for an input that does not
    /// (a constant).
    public let inputs: [GraphNode?]
    /// The value this operation produced.
    public let value: Tensor
    /// The gradient of the cost with respect to ``value``, once a backward pass has reached
    /// this node.
    public internal(set) var gradient: Tensor?
    /// The parameter this node stands for, if it is a leaf made from one.
    public let parameter: Parameter?

    /// Maps the gradient of the output to the gradients of the inputs (nil where an input
    /// needs none). Released after the backward pass to free what it captured.
    var pullback: ((Tensor) -> [Tensor?])?

    init(
        operation: String, inputs: [GraphNode?], value: Tensor, parameter: Parameter? = nil,
        pullback: ((Tensor) -> [Tensor?])?
    ) {
        self.operation = operation
        self.inputs = inputs
        self.value = value
        self.parameter = parameter
        self.pullback = pullback
    }

    /// Whether this node is a leaf: a variable or parameter, not the result of an operation.
    public var isLeaf: Bool { inputs.isEmpty }

    /// Every node the given output depends on, itself included, in forward order: each node
    /// comes after all of its inputs.
    public static func nodes(reachingFrom output: GraphNode) -> [GraphNode] {
        // Iterative depth-first search: deep graphs must not exhaust the stack.
        var order: [GraphNode] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: GraphNode, inputsPushed: Bool)] = [(output, false)]
        while let (node, inputsPushed) = stack.popLast() {
            if inputsPushed {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs.reversed() {
                if let input, !visited.contains(ObjectIdentifier(input)) { stack.append((input, false)) }
            }
        }
        return order
    }

    /// Adds `contribution` to this node's gradient; a value used twice gets both.
    func accumulate(_ contribution: Tensor) {
        require(
            contribution.shape == value.shape,
            "gradient of shape \(contribution.shape) for the value of shape \(value.shape) of '\(operation)'")
        if let existing = gradient {
            gradient = existing + contribution
        } else {
            gradient = contribution
        }
    }
}
