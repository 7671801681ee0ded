import Plexus

/// Times training steps of a model layer by layer: how long each layer's forward pass (with the
/// graph recorded) and its share of the backward pass take, and the loss and optimizer update.
///
/// This is where a step's time goes; the whole step is also timed on its own, exactly as `fit`
/// runs it, so the per-layer clocks' own cost shows as the difference.
///
/// ```swift
/// let model = Sequential(try LayerSpecification.parse(LayerSpecification.presets["cnn"]!), inputShape: [28, 28, 1])
/// let timing = LayerTimingBenchmark.run(model: model, batchSize: 128, classes: 10)
/// ```
public enum LayerTimingBenchmark {
    /// One layer's median times, in milliseconds.
    public struct LayerTiming: Sendable {
        /// "Conv2D 'conv2d'".
        public var label: String
        /// The forward pass through the layer, recording its graph.
        public var forwardMilliseconds: Double
        /// The pullbacks of the operations the layer recorded.
        public var backwardMilliseconds: Double
    }

    /// Median times of a step, in milliseconds.
    public struct Result: Sendable {
        /// The layers in order, then "loss" and "optimizer update".
        public var parts: [LayerTiming]
        /// One whole step timed without the per-layer clocks: forward, backward, update.
        public var stepMilliseconds: Double
    }

    /// Runs `warmup` untimed steps, then `rounds` timed steps, on one random batch of
    /// `batchSize` inputs with integer labels below `classes` (sparse categorical cross-entropy
    /// from logits, Adam). The inputs are uniform in [0, 1), or index 0 for a model that starts
    /// with an Embedding; a layer that takes indices anywhere else is a programming error.
    public static func run(model: Sequential, batchSize: Int, classes: Int, rounds: Int = 15, warmup: Int = 3) -> Result {
        guard let inputShape = model.inputShape else { fatalError("LayerTimingBenchmark needs a built model") }
        var generator = RandomGenerator(seed: 1)
        // A first layer that takes indices (an embedding) gets index 0, valid for any table.
        let x =
            model.layers.first?.takesIndices == true
            ? Tensor.zeros([batchSize] + inputShape) : Tensor.uniform([batchSize] + inputShape, using: &generator)
        let y = Tensor((0..<batchSize).map { _ in Float(generator.nextInt(below: classes)) })
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let optimizer = Adam()
        let parameters = model.trainableParameters
        let clock = ContinuousClock()
        let partCount = model.layers.count + 2
        var samples = [[(forward: Double, backward: Double)]](repeating: [], count: partCount)
        var stepSamples: [Double] = []

        // In the floating-point mode fit's steps run in (subnormals flushed, by default).
        withSubnormalsFlushed {
            for round in 0..<(warmup + rounds) {
                // Which part recorded each node: the nodes a layer's output reaches that no earlier part did.
                var owner: [ObjectIdentifier: Int] = [:]
                var forward = [Double](repeating: 0, count: partCount)
                var backward = [Double](repeating: 0, count: partCount)
                func claimNodes(of output: Tensor, for part: Int) {
                    guard let node = output.node else { return }
                    for reached in GraphNode.nodes(reachingFrom: node) where owner[ObjectIdentifier(reached)] == nil {
                        owner[ObjectIdentifier(reached)] = part
                    }
                }
                let (_, gradients) = valueWithGradient(
                    for: parameters,
                    observingPullbacks: { node, elapsed in
                        if let part = owner[ObjectIdentifier(node)] { backward[part] += elapsed.seconds * 1e3 }
                    }
                ) {
                    var activation = x
                    for (index, layer) in model.layers.enumerated() {
                        var output = activation
                        forward[index] = clock.measure { output = layer(activation, training: true) }.seconds * 1e3
                        claimNodes(of: output, for: index)
                        activation = output
                    }
                    var cost = activation
                    forward[partCount - 2] = clock.measure { cost = loss(activation, y) }.seconds * 1e3
                    claimNodes(of: cost, for: partCount - 2)
                    return cost
                }
                forward[partCount - 1] = clock.measure { optimizer.update(parameters, with: gradients) }.seconds * 1e3

                let step = clock.measure {
                    let (_, stepGradients) = valueWithGradient(for: parameters) { loss(model(x, training: true), y) }
                    optimizer.update(parameters, with: stepGradients)
                }
                guard round >= warmup else { continue }
                for part in 0..<partCount { samples[part].append((forward[part], backward[part])) }
                stepSamples.append(step.seconds * 1e3)
            }
        }

        let labels = model.layers.map { "\($0.typeName) '\($0.name)'" } + ["loss", "optimizer update"]
        let parts = zip(labels, samples).map { label, times in
            LayerTiming(
                label: label, forwardMilliseconds: median(times.map(\.forward)),
                backwardMilliseconds: median(times.map(\.backward)))
        }
        return Result(parts: parts, stepMilliseconds: median(stepSamples))
    }
}
