// One training step, shared by `fit` and `trainOnBatch`: the only place where the training loss
// of a batch is computed, so that whatever joins that loss joins it for both.

extension Sequential {
    /// Takes one optimizer step on one batch and returns that batch's loss, as computed before
    /// the step (Keras's `train_on_batch`).
    ///
    /// The forward pass runs in training mode (Dropout drops), exactly as one step of
    /// ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)``
    /// does: the loss returned is the one whose gradient the step follows. With an
    /// ``outputNormalization``, the labels are scaled first and the loss is in scaled units.
    /// Nothing else changes: no epoch is counted and no callback is called.
    ///
    /// ```swift
    /// model.compile(loss: .meanSquaredError, optimizer: AdamW())
    /// for (x, y) in batches {
    ///     let loss = try model.trainOnBatch(x, y)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - x: the samples of the batch, `[rows, features...]`.
    ///   - y: their labels, as ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)`` takes them.
    /// - Returns: the batch's loss before the update.
    /// - Throws: ``TrainingError`` before any change, when the model is not compiled or the
    ///   batch does not fit it (the model is built from its seed on the first batch).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor) throws -> Float {
        let (loss, optimizer) = try compiledForTraining(by: "trainOnBatch")
        try checkTrainingData(x, y, loss: loss, batchSize: nil)
        warnAboutOutputActivationOnce()
        return trainStep(x, scaledTargets(y), loss: loss, optimizer: optimizer, parameters: trainableParameters).loss
    }

    /// The loss and optimizer given to `compile`, or an error naming `caller`.
    func compiledForTraining(by caller: String) throws -> (loss: any Loss, optimizer: any Optimizer) {
        guard let loss, let optimizer else {
            throw TrainingError(.notCompiled, "model '\(name)' must be compiled (loss and optimizer) before \(caller)")
        }
        return (loss, optimizer)
    }

    /// The checks made before training on `x` and `y`: finite samples of the model's shape, the
    /// model's scalings, the layers against the samples and batches of `batchSize` (all of `x`
    /// when nil), labels that fit the output. Builds the model from its seed if needed.
    func checkTrainingData(_ x: Tensor, _ y: Tensor, loss: any Loss, batchSize: Int?) throws {
        try checkFeatures(x)
        try checkPreprocessing(x: x, y: y)
        try prepareArchitecture(for: x, batchSize: batchSize ?? x.shape[0])
        try checkLabels(y, for: x, loss: loss)
    }

    /// Warns once per `compile` when the last layer's activation and the loss disagree.
    func warnAboutOutputActivationOnce() {
        guard !hasWarnedAboutOutput, let warning = outputActivationWarning() else { return }
        hasWarnedAboutOutput = true
        ProgressOutput.standardError.write("warning: \(warning)\n")
    }

    /// One step on a checked batch whose labels are already scaled: a forward pass in training
    /// mode that records the graph, the loss, back-propagation to `parameters`, one optimizer
    /// update. Returns the loss computed before the update and the batch's outputs (detached).
    func trainStep(
        _ x: Tensor, _ y: Tensor, loss: any Loss, optimizer: any Optimizer, parameters: [Parameter]
    ) -> (loss: Float, predictions: Tensor) {
        var predictions = x
        let (value, gradients) = valueWithGradient(for: parameters) {
            let output = forward(x, training: true)
            predictions = output.detached()
            // The layers' weight penalties join the loss here, so that fit and trainOnBatch
            // both minimise and report data loss + penalties, as Keras does.
            guard let penalty = regularizationPenalty() else { return loss(output, y) }
            return loss(output, y) + penalty
        }
        optimizer.update(parameters, with: gradients)
        return (value.scalar, predictions)
    }
}
