extension Model {
    /// The loss and metrics on the given samples and labels, computed in batches without
    /// recording any graph. With an ``outputNormalization``, the labels are scaled first, so
    /// the loss and metrics are in the units the model was trained in.
    ///
    /// ```swift
    /// let scores = try model.evaluate(xTest, yTest)
    /// print(scores["loss"]!, scores["accuracy"]!)
    /// ```
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        try evaluate([x], [y], batchSize: batchSize)
    }

    /// ``evaluate(_:_:batchSize:)-(Tensor,Tensor,_)`` for a model of several inputs: one tensor
    /// per input, in order, and the labels of its one output.
    public func evaluate(_ x: [Tensor], _ y: Tensor, batchSize: Int = 32) throws -> [String: Float] {
        try evaluate(x, [y], batchSize: batchSize)
    }

    /// ``evaluate(_:_:batchSize:)-(Tensor,Tensor,_)`` for a model of several inputs and outputs:
    /// one tensor per input and one label tensor per output, in order. The scores hold the
    /// total "loss", and for several outputs each output's "<output layer>_loss".
    public func evaluate(_ x: [Tensor], _ y: [Tensor], batchSize: Int = 32) throws -> [String: Float] {
        guard loss != nil else {
            throw TrainingError(.notCompiled, "model '\(name)' must be compiled (loss and optimizer) before evaluate")
        }
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        try checkData(x, y, batchSize: batchSize, training: false)
        let data = Model.sources((x, y))
        return try evaluateScores(
            data.x, data.y, batchSize: batchSize, rules: try metricRules(labelShapes: y.map(\.shape)), checkEachBatch: false)
    }

    /// The model's outputs for the given samples, computed in batches without recording any
    /// graph (and with Dropout off). Raw samples go in (the model applies its
    /// ``inputNormalization``); with an ``outputNormalization``, outputs are in the targets' units.
    ///
    /// - Throws: ``TrainingError`` when the samples do not fit the model, or the model has
    ///   several inputs or outputs (use ``predictOutputs(_:batchSize:)``).
    public func predict(_ x: Tensor, batchSize: Int = 32) throws -> Tensor {
        if let output = directPrediction(x, batchSize: batchSize) { return output }
        return try predict([x], batchSize: batchSize)
    }

    /// The output of a model of several inputs for one tensor per input, in order.
    ///
    /// ```swift
    /// let p = try model.predict([xa, xb])
    /// ```
    ///
    /// - Throws: ``TrainingError`` when the samples do not fit, or the model has several outputs
    ///   (use ``predictOutputs(_:batchSize:)``).
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> Tensor {
        guard outputCount == 1 else {
            throw TrainingError(
                .invalidArgument, "model '\(name)' has \(outputCount) outputs; predictOutputs returns them all")
        }
        return try predictOutputs(x, batchSize: batchSize)[0]
    }

    /// Every output of the model for one tensor per input, in output order.
    public func predictOutputs(_ x: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        try checkInputs(x)
        try checkPreprocessing(x: x)
        try prepareArchitecture(for: x, batchSize: batchSize, training: false)
        return unscaledOutputs(withSubnormalsFlushed { predictBatches(x, batchSize: batchSize) })
    }

    /// Forward passes over `x` in batches, each output's batches stitched into one tensor.
    func predictBatches(_ x: [Tensor], batchSize: Int) -> [Tensor] {
        let rows = x[0].shape[0]
        // One batch: the outputs as they come, with no lists of batches to stitch (and for one
        // input no mapping, whose growing array showed in a single-sample predict).
        if rows <= batchSize { return forward(x.count == 1 ? [x[0].detached()] : x.map { $0.detached() }, training: false) }
        let inputs = x.map { $0.detached() }
        var outputs = [[Tensor]](repeating: [], count: outputCount)
        for start in stride(from: 0, to: rows, by: batchSize) {
            let range = start..<Swift.min(start + batchSize, rows)
            for (index, output) in forward(inputs.map { $0.rows(range) }, training: false).enumerated() {
                outputs[index].append(output)
            }
        }
        return outputs.map { $0.count == 1 ? $0[0] : Tensor.concatenate($0, alongAxis: 0) }
    }

    /// Loss and metrics, each the exact mean over all samples, the labels scaled batch by
    /// batch; each batch checked first when `checkEachBatch` (streamed data).
    func evaluateScores(
        _ x: [any DataSource], _ y: [any DataSource], batchSize: Int, rules: [(name: String, output: Int, rule: MetricRule)],
        checkEachBatch: Bool
    ) throws -> [String: Float] {
        let rows = x[0].count
        var lossSum = 0.0
        var outputLossSums = [Double](repeating: 0, count: outputCount)
        var metricSums = [(sum: Double, count: Int)](repeating: (0, 0), count: rules.count)
        let batches = BatchReader(x: x, y: y, rows: rows, batchSize: batchSize, order: nil)
        defer { batches.finish() }
        for _ in 0..<batches.steps {
            let (batch, picked) = try batches.next()
            if checkEachBatch { try checkBatch(batch, rows: picked, batchSize: batchSize, sources: (x, y)) }
            let predictions = withSubnormalsFlushed { forward(batch.x, training: false) }
            let labels = scaledTargets(batch.y)
            let losses = dataLoss(predictions, labels)
            lossSum += Double(losses.total.scalar) * Double(picked.count)
            for (index, value) in losses.perOutput.enumerated() {
                outputLossSums[index] += Double(value.scalar) * Double(picked.count)
            }
            for (index, metric) in rules.enumerated() {
                let total = metric.rule.batchTotal(predictions: predictions[metric.output], labels: labels[metric.output])
                metricSums[index].sum += total.sum
                metricSums[index].count += total.count
            }
        }
        // The weight penalties, the same for every batch, count in the loss as in training.
        let penalty = Double(regularizationPenalty()?.scalar ?? 0)
        var scores: [String: Float] = ["loss": Float(lossSum / Double(rows) + penalty)]
        if outputCount > 1 {
            for (index, name) in outputNames.enumerated() { scores[name + "_loss"] = Float(outputLossSums[index] / Double(rows)) }
        }
        for (index, metric) in rules.enumerated() {
            scores[metric.name] = Float(metricSums[index].sum / Double(Swift.max(metricSums[index].count, 1)))
        }
        return scores
    }
}
