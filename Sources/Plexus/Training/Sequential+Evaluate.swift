extension Sequential {
    /// The loss and metrics on the given samples and labels, computed in batches without
    /// recording any graph. With an ``outputNormalization``, the labels are scaled first, so
    /// the loss and metrics are in the units the model was trained in.
    ///
    /// ```swift
    /// let scores = try model.evaluate(xTest, yTest)
    /// print(scores["loss"]!, scores["accuracy"]!)
    /// ```
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        guard let loss else {
            throw TrainingError(.notCompiled, "model '\(name)' must be compiled (loss and optimizer) before evaluate")
        }
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        try checkFeatures(x)
        try checkPreprocessing(x: x, y: y)
        try prepareArchitecture(for: x, batchSize: batchSize)
        try checkLabels(y, for: x, loss: loss)
        let y = scaledTargets(y)
        let rules = metrics.map {
            (name: $0.name, rule: MetricRule.resolve($0, loss: loss, outputWidth: outputShape?.last ?? 1, labelShape: y.shape))
        }
        return evaluateScores(x, y, batchSize: batchSize, loss: loss, rules: rules)
    }

    /// The model's outputs for the given samples, computed in batches without recording any
    /// graph (and with Dropout off). Raw samples go in (the model applies its
    /// ``inputNormalization``); with an ``outputNormalization``, outputs are in the targets' units.
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        try checkFeatures(x)
        try checkPreprocessing(x: x)
        try prepareArchitecture(for: x, batchSize: batchSize)
        return unscaledOutputs(predictBatches(x, batchSize: batchSize))
    }

    /// Forward passes over `x` in batches, stitched into one output tensor.
    func predictBatches(_ x: Tensor, batchSize: Int) -> Tensor {
        let rows = x.shape[0]
        var outputs: [Tensor] = []
        for start in stride(from: 0, to: rows, by: batchSize) {
            outputs.append(forward(x.detached().rows(start..<Swift.min(start + batchSize, rows)), training: false))
        }
        return outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 0)
    }

    /// Loss and metrics, each the exact mean over all samples.
    func evaluateScores(
        _ x: Tensor, _ y: Tensor, batchSize: Int, loss: any Loss, rules: [(name: String, rule: MetricRule)]
    ) -> [String: Float] {
        let rows = x.shape[0]
        var lossSum = 0.0
        var metricSums = [(sum: Double, count: Int)](repeating: (0, 0), count: rules.count)
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<Swift.min(start + batchSize, rows)
            let predictions = forward(x.detached().rows(range), training: false)
            let labels = y.rows(range)
            lossSum += Double(loss(predictions, labels).scalar) * Double(range.count)
            for (index, metric) in rules.enumerated() {
                let total = metric.rule.batchTotal(predictions: predictions, labels: labels)
                metricSums[index].sum += total.sum
                metricSums[index].count += total.count
            }
        }
        // The weight penalties, the same for every batch, count in the loss as in training.
        let penalty = Double(regularizationPenalty()?.scalar ?? 0)
        var scores: [String: Float] = ["loss": Float(lossSum / Double(rows) + penalty)]
        for (index, metric) in rules.enumerated() {
            scores[metric.name] = Float(metricSums[index].sum / Double(Swift.max(metricSums[index].count, 1)))
        }
        return scores
    }
}
