extension Model {
    /// Chooses how the model learns: the loss to minimise, the optimizer that takes the steps,
    /// and the metrics to report beside the loss. A model of several outputs applies `loss` to
    /// each of them and minimises the sum.
    ///
    /// ```swift
    /// model.compile(loss: .binaryCrossentropy(), optimizer: Adam(), metrics: [.accuracy])
    /// ```
    public func compile(loss: some Loss, optimizer: some Optimizer, metrics: [Metric] = []) {
        setCompiled(losses: [loss], lossWeights: nil, optimizer: optimizer, metrics: metrics)
    }

    /// Chooses one loss per output (in output order) for a model of several outputs, as Keras's
    /// `compile(loss=[...], loss_weights=[...])`: training minimises the sum of each output's
    /// loss times its weight (1 when `lossWeights` is nil), plus the layers' weight penalties.
    /// Metrics are reported for every output, named `<output layer>_<metric>` as Keras names them.
    ///
    /// ```swift
    /// model.compile(loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()],
    ///               lossWeights: [1, 0.5], optimizer: Adam(), metrics: [.accuracy])
    /// ```
    ///
    /// - Precondition: one loss, or one per output; as many weights as losses, each finite.
    public func compile(
        loss losses: [any Loss], lossWeights: [Float]? = nil, optimizer: some Optimizer, metrics: [Metric] = []
    ) {
        require(
            losses.count == 1 || losses.count == outputCount,
            "model '\(name)' has \(outputCount) outputs: give one loss for all, or one per output; got \(losses.count)")
        if let lossWeights {
            require(
                lossWeights.count == outputCount && lossWeights.allSatisfy(\.isFinite),
                "model '\(name)' has \(outputCount) outputs: give one finite loss weight per output; got \(lossWeights)")
        }
        setCompiled(losses: losses, lossWeights: lossWeights, optimizer: optimizer, metrics: metrics)
    }

    /// Chooses one loss per output (or one for all), and each output's own metrics, as Keras's
    /// `compile(metrics=[["accuracy"], []])`: here the class output reports accuracy and the
    /// value output its loss alone.
    ///
    /// ```swift
    /// model.compile(loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()],
    ///               optimizer: Adam(), outputMetrics: [[.accuracy], []])
    /// ```
    ///
    /// - Precondition: one loss, or one per output; as many weights as outputs, each finite;
    ///   one list of metrics per output.
    public func compile(
        loss losses: [any Loss], lossWeights: [Float]? = nil, optimizer: some Optimizer, outputMetrics: [[Metric]]
    ) {
        require(
            outputMetrics.count == outputCount,
            "model '\(name)' has \(outputCount) outputs: give one list of metrics per output; got \(outputMetrics.count)")
        compile(loss: losses, lossWeights: lossWeights, optimizer: optimizer)
        self.metrics = []
        self.outputMetrics = outputMetrics
    }

    private func setCompiled(losses: [any Loss], lossWeights: [Float]?, optimizer: any Optimizer, metrics: [Metric]) {
        self.loss = losses[0]
        self.outputLosses = losses.count == 1 ? Array(repeating: losses[0], count: Swift.max(outputCount, 1)) : losses
        self.lossWeights = lossWeights
        self.optimizer = optimizer
        self.metrics = metrics
        self.outputMetrics = Array(repeating: metrics, count: Swift.max(outputCount, 1))
        hasWarnedAboutOutput = false
    }

    /// The activation of the model's (first) output layer, if it has one (Dense, Conv2D,
    /// Activation): whether its outputs are logits, probabilities or plain values.
    public var finalActivation: Activation? { outputLayers.first?.outputActivation }

    /// The mistake users of Keras and PyTorch make most: a softmax or sigmoid output with a
    /// loss that expects logits, or a linear output with a loss that expects probabilities.
    /// Returns the warning to give, if any (for the first output that has one).
    func outputActivationWarning() -> String? {
        for (layer, loss) in zip(outputLayers, outputLosses) {
            guard let activation = layer.outputActivation, let fromLogits = Model.expectsLogits(loss) else { continue }
            let which = outputCount > 1 ? "the output layer '\(layer.name)'" : "the last layer"
            switch (activation, fromLogits) {
            case (.softmax, true), (.sigmoid, true):
                return "\(which) applies \(activation), but the loss \(loss.name) has fromLogits: true "
                    + "and will apply it again; use a linear last layer, or fromLogits: false"
            case (.linear, false):
                return "\(which) is linear (it outputs logits), but the loss \(loss.name) expects "
                    + "probabilities; use fromLogits: true, or a softmax/sigmoid last layer"
            default:
                continue
            }
        }
        return nil
    }

    /// Whether a cross-entropy loss takes logits (true) or probabilities (false); nil for
    /// losses that are neither.
    static func expectsLogits(_ loss: any Loss) -> Bool? {
        switch loss {
        case let loss as BinaryCrossentropy: return loss.fromLogits
        case let loss as SparseCategoricalCrossentropy: return loss.fromLogits
        case let loss as CategoricalCrossentropy: return loss.fromLogits
        default: return nil
        }
    }

    /// The total loss training minimises for a batch's outputs and labels (weight penalties
    /// aside), and each output's own loss. One output without a weight is its loss alone, so
    /// that a chain computes exactly what it always has.
    func dataLoss(_ outputs: [Tensor], _ labels: [Tensor]) -> (total: Tensor, perOutput: [Tensor]) {
        let each = zip(zip(outputLosses, outputs), labels).map { pair, label in pair.0(pair.1, label) }
        guard each.count > 1 || lossWeights != nil else { return (each[0], each) }
        var total: Tensor?
        for (index, value) in each.enumerated() {
            let weighted = lossWeights.map { value * $0[index] } ?? value
            total = total.map { $0 + weighted } ?? weighted
        }
        return (total!, each)
    }

    /// The metric rules of every output, with the names Keras reports them under: the metric's
    /// own name for one output, `<output layer>_<metric>` for several.
    ///
    /// - Throws: ``TrainingError`` when a metric that compares outputs and labels value by value
    ///   (mse, mae, binary accuracy) meets labels of another size than the output (class
    ///   indices for a softmax output): Keras refuses those shapes too.
    func metricRules(labelShapes: [[Int]]) throws -> [(name: String, output: Int, rule: MetricRule)] {
        let names = outputNames
        return try (0..<outputCount).flatMap { output in
            try outputMetrics[output].map { metric in
                let name = outputCount > 1 ? "\(names[output])_\(metric.name)" : metric.name
                let rule = MetricRule.resolve(
                    metric, loss: outputLosses[output], outputWidth: outputShapes[output]?.last ?? 1,
                    labelShape: labelShapes[output])
                let labelSize = labelShapes[output].dropFirst().reduce(1, *)
                if rule.comparesValueByValue, let shape = outputShapes[output], shape.reduce(1, *) != labelSize {
                    let which = outputCount > 1 ? "the output '\(names[output])'" : "the output"
                    throw TrainingError(
                        .shapeMismatch,
                        "the metric \(metric.name) compares outputs and labels value by value, but \(which) has \(shape.reduce(1, *)) values a sample and its labels \(labelSize)"
                    )
                }
                return (name, output, rule)
            }
        }
    }
}
