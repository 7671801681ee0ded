import Plexus

extension GraphExplanation {
    /// The graph of one training example through a tiny network of Dense layers and its
    /// loss, recorded and back-propagated: the input `x`, each layer's kernel `W[l]` and bias
    /// `b[l]` (parameters), each layer's output `a[l]` (one fused node: x·W + b, then the
    /// activation), and the cost `J`.
    ///
    /// ```swift
    /// let explanation = try GraphExplanation.network(
    ///     layers: "3:relu,1:sigmoid", input: [1, 2], label: [1], seed: 0)
    /// explanation.graph.nodes.count                      // 8: x, W[1], b[1], a[1], W[2], b[2], a[2], J
    /// ```
    ///
    /// The loss follows the output layer as the course chooses it: binary cross-entropy for a
    /// sigmoid, sparse categorical cross-entropy for a softmax (the label is the class), mean
    /// squared error otherwise. Kernels are stored `[inputs, units]`, as Keras stores them.
    ///
    /// - Throws: ``ExplainError`` when there are no layers or inputs, or the label does not
    ///   fit the output layer.
    public static func network(
        layers specification: String, input: [Float], label: [Float], seed: UInt64, epsilon: Float = 1e-2
    ) throws -> GraphExplanation {
        let layers = try LayerSpecification.parse(specification)
        let dense = layers.compactMap { $0 as? Dense }
        guard dense.count == layers.count else {
            throw ExplainError("the explained network takes Dense layers only (width or width:activation), got \"\(specification)\"")
        }
        return try network(layers: dense, input: input, label: label, seed: seed, epsilon: epsilon)
    }

    /// The same, for Dense layers already made (not yet built).
    public static func network(
        layers: [Dense], input: [Float], label: [Float], seed: UInt64, epsilon: Float = 1e-2
    ) throws -> GraphExplanation {
        guard let last = layers.last else { throw ExplainError("the network needs at least one layer") }
        guard !input.isEmpty else { throw ExplainError("the input needs at least one number") }
        let (loss, labels) = try lossAndLabels(for: last, label: label)
        // Every weight and activation is printed: a network worth explaining is small.
        let weights: Int
        do {
            weights = try ArchitecturePlan(layers: layers, inputShape: [input.count], limits: .unlimited).parameterCount
        } catch let error as ArchitectureError {
            throw ExplainError(error.description)
        }
        guard weights <= 10_000 else {
            throw ExplainError(
                "the network has \(weights) weights, too many to explain one by one (at most 10,000): use fewer or smaller layers")
        }
        let model = Sequential(layers, inputShape: [input.count], seed: seed)
        let x = Tensor(shape: [1, input.count], scalars: input)
        let tracedX = Tensor.variable(x, name: "x")
        var outputs: [Tensor] = []
        var cost = Tensor(0)
        _ = valueWithGradient(for: model.parameters) {
            var activation = tracedX
            for layer in model.layers {
                activation = layer(activation)
                outputs.append(activation)
            }
            cost = loss(activation, labels)
            return cost
        }
        var graph = ComputationGraph(tracing: cost)
        graph.setName("J", for: cost)
        for (index, layer) in model.layers.enumerated() {
            graph.setName("a[\(index + 1)]", for: outputs[index])
            guard let dense = layer as? Dense else { continue }
            if let kernel = dense.kernel { graph.setName("W[\(index + 1)]", for: kernel) }
            if let bias = dense.bias { graph.setName("b[\(index + 1)]", for: bias) }
        }
        var checks: [ParameterCheck] = []
        for parameter in model.parameters {
            guard let node = graph.nodes.first(where: { $0.parameter === parameter }) else { continue }
            let original = parameter.value
            let estimate = centralDifferences(of: original, epsilon: epsilon) { nudged in
                parameter.value = nudged
                return loss(model(x), labels).scalar
            }
            parameter.value = original
            checks.append(
                ParameterCheck(
                    name: graph.name(of: node), autodiff: node.gradient ?? Tensor.zeros(original.shape),
                    finiteDifference: estimate))
        }
        let widths = ([input.count] + layers.map(\.units)).map(String.init).joined(separator: "-")
        let activations = layers.map(\.activation.description).joined(separator: ", ")
        func list(_ values: [Float]) -> String {
            values.map { ExplainFormatting.number($0, digits: 6) }.joined(separator: ", ")
        }
        let summary =
            "a \(widths) network of Dense layers (\(activations)), seed \(seed), "
            + "loss \(loss.name), input x = [\(list(input))], label y = [\(list(label))]"
        return GraphExplanation(graph: graph, summary: summary, checks: checks, epsilon: epsilon)
    }

    /// The loss for the output layer, and the label as the tensor it takes.
    private static func lossAndLabels(for output: Dense, label: [Float]) throws -> (any Loss, Tensor) {
        let labelText = label.map { ExplainFormatting.number($0, digits: 6) }.joined(separator: ",")
        switch output.activation {
        case .softmax:
            guard label.count == 1, let first = label.first, first == first.rounded(), first >= 0,
                Int(first) < output.units
            else {
                throw ExplainError(
                    "a softmax output of \(output.units) classes needs one label, the class 0...\(output.units - 1); got \(labelText)")
            }
            return (SparseCategoricalCrossentropy(), Tensor(shape: [1], scalars: label))
        case .sigmoid:
            guard label.count == output.units, label.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw ExplainError(
                    "a sigmoid output of \(output.units) unit(s) needs \(output.units) label(s) between 0 and 1; got \(labelText)")
            }
            return (BinaryCrossentropy(), Tensor(shape: [1, label.count], scalars: label))
        default:
            guard label.count == output.units else {
                throw ExplainError("an output of \(output.units) unit(s) needs \(output.units) label(s); got \(labelText)")
            }
            return (MeanSquaredError(), Tensor(shape: [1, label.count], scalars: label))
        }
    }
}
