extension Tensor {
    /// Back-propagates from this cost: walks the recorded graph from the output back to the
    /// leaves, applying each operation's vector-Jacobian product, and leaves in every node the
    /// gradient of this cost with respect to its value.
    ///
    /// Gradients add up where a value was used more than once. A ``Parameter`` reached by the
    /// walk gets the gradient added to its ``Parameter/gradient``.
    ///
    /// - Precondition: this is a scalar (one element) that depends on a tracked value.
    public func backward() {
        backward(observingPullbacks: nil)
    }

    /// Back-propagates as ``backward()`` does, and hands `observer` each node whose pullback ran
    /// with the time that pullback took (for per-layer benchmarks).
    func backward(observingPullbacks observer: ((GraphNode, Duration) -> Void)?) {
        require(count == 1, "backward() starts from a scalar cost, but this tensor has shape \(shape)")
        guard let root = node else {
            fatalError("backward(): this value depends on no tracked tensor or parameter")
        }
        let order = GraphNode.nodes(reachingFrom: root)
        root.gradient = Tensor(shape: shape, repeating: 1)
        for node in order.reversed() {
            guard let gradient = node.gradient else { continue }
            if let parameter = node.parameter {
                parameter.gradient = parameter.gradient.map { $0 + gradient } ?? gradient
            }
            guard let pullback = node.pullback else { continue }
            let inputGradients: [Tensor?]
            if let observer {
                var result: [Tensor?] = []
                let elapsed = ContinuousClock().measure { result = pullback(gradient) }
                observer(node, elapsed)
                inputGradients = result
            } else {
                inputGradients = pullback(gradient)
            }
            require(
                inputGradients.count == node.inputs.count,
                "the pullback of '\(node.operation)' gave \(inputGradients.count) gradients for \(node.inputs.count) inputs")
            for (input, inputGradient) in zip(node.inputs, inputGradients) {
                if let input, let inputGradient { input.accumulate(inputGradient) }
            }
            // Each node is walked once: free what its pullback captured.
            node.pullback = nil
        }
    }
}
