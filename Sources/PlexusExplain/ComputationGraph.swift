import Plexus

/// A recorded computation graph laid out for reading: every node an output depends on, in
/// forward order (each node after its inputs), with a readable name for each.
///
/// Build the graph from tracked tensors, back-propagate, then walk or print it:
///
/// ```swift
/// let w = Tensor.variable(2, name: "w"), b = Tensor.variable(8, name: "b")
/// let x = Tensor.variable(-2, name: "x"), y = Tensor.variable(2, name: "y")
/// let c = w * x, a = c + b, d = a - y
/// let J = d * d / 2
/// J.backward()
/// let graph = ComputationGraph(tracing: J, names: ["c": c, "a": a, "d": d])
/// for node in graph.backwardOrder {
///     print(graph.name(of: node), node.gradient!)   // dJ/d(node), right to left
/// }
/// print(graph.textTable())                          // both passes as a table
/// print(graph.dot())                                // Graphviz: `dot -Tsvg`
/// ```
///
/// Leaves made with ``Tensor/variable(_:name:)-53kma`` are named by their name, parameters by
/// ``Parameter/name``; give other nodes names with `names` or `setName(_:for:)` (for a tensor or a
/// parameter). A node without a name is called `n` and its index.
/// The output is named "J" unless named otherwise.
public struct ComputationGraph: Sendable {
    /// The node of the traced output: the last of ``nodes``.
    public let output: GraphNode
    /// Every node the output depends on, itself included, in forward order (left to right):
    /// each node comes after all of its inputs.
    public let nodes: [GraphNode]
    /// The position of each node in ``nodes``.
    private let positions: [ObjectIdentifier: Int]
    /// The names given explicitly, by node.
    private var names: [ObjectIdentifier: String] = [:]

    /// The graph that `output` was computed by.
    ///
    /// - Parameters:
    ///   - output: a tracked tensor (usually a scalar cost, back-propagated or not yet).
    ///   - names: readable names for intermediate results, such as `["a": a]`; tensors that
    ///     are not part of the graph are ignored.
    /// - Precondition: `output` is tracked (it depends on a variable or a recording parameter).
    public init(tracing output: Tensor, names: [String: Tensor] = [:]) {
        guard let root = output.graphNode else {
            fatalError("ComputationGraph(tracing:): this value depends on no tracked tensor or parameter")
        }
        self.init(root: root)
        for (name, tensor) in names.sorted(by: { $0.key < $1.key }) { setName(name, for: tensor) }
    }

    /// The graph that the node `root` was computed by.
    public init(root: GraphNode) {
        output = root
        nodes = GraphNode.nodes(reachingFrom: root)
        positions = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { (ObjectIdentifier($0.element), $0.offset) })
    }

    /// The nodes in backward order (right to left): the order in which back-propagation
    /// visits them, output first.
    public var backwardOrder: [GraphNode] { nodes.reversed() }

    /// The leaves: variables and parameters, in forward order.
    public var leaves: [GraphNode] { nodes.filter(\.isLeaf) }

    /// The position of `node` in ``nodes``; nil when it is not part of this graph.
    public func index(of node: GraphNode) -> Int? { positions[ObjectIdentifier(node)] }

    /// The position of the node that produced `tensor`; nil when it is not part of this graph.
    public func index(of tensor: Tensor) -> Int? { tensor.graphNode.flatMap(index(of:)) }

    /// The positions in ``nodes`` of a node's inputs; nil for an input that is a constant.
    public func inputIndices(of node: GraphNode) -> [Int?] {
        node.inputs.map { $0.flatMap(index(of:)) }
    }

    /// Names the node that produced `tensor` (if it is part of this graph).
    public mutating func setName(_ name: String, for tensor: Tensor) {
        guard let node = tensor.graphNode, index(of: node) != nil else { return }
        names[ObjectIdentifier(node)] = name
    }

    /// Names every leaf made from `parameter`.
    public mutating func setName(_ name: String, for parameter: Parameter) {
        for node in nodes where node.parameter === parameter { names[ObjectIdentifier(node)] = name }
    }

    /// The readable name of a node: the name given, else a parameter's or variable's own
    /// name, else "J" for the output, else `n` and its index.
    public func name(of node: GraphNode) -> String {
        if let name = names[ObjectIdentifier(node)] { return name }
        if let parameter = node.parameter { return parameter.name }
        if node.isLeaf { return node.operation }
        if node === output { return "J" }
        return "n\(index(of: node) ?? -1)"
    }

    /// The first node, in forward order, with this name.
    public func node(named name: String) -> GraphNode? {
        nodes.first { self.name(of: $0) == name }
    }

    /// How a node's value is computed, such as `multiply(w, x)`, or `variable` and
    /// `parameter` for leaves. A constant input shows as `constant`.
    public func formula(of node: GraphNode) -> String {
        if node.parameter != nil { return "parameter" }
        if node.isLeaf { return "variable" }
        let arguments = node.inputs.map { input in input.map(name(of:)) ?? "constant" }
        return "\(node.operation)(\(arguments.joined(separator: ", ")))"
    }

    /// How the derivative of the output with respect to a node is written: `dJ/dw`.
    public func derivativeLabel(of node: GraphNode) -> String {
        "d\(name(of: output))/d\(name(of: node))"
    }
}
