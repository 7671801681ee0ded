// One training step, shared by `fit` and `trainOnBatch`: the only place where the training loss
// of a batch is computed, so that whatever joins that loss joins it for both.

extension Model {
    /// Takes one optimizer step on one batch and returns that batch's loss, as computed before
    /// the step (Keras's `train_on_batch`).
    ///
    /// The forward pass runs in training mode (Dropout drops), exactly as one step of
    /// ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)-(Tensor,Tensor,_,_,_,_,_,_,_,_)``
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
    ///   - y: their labels, as `fit` takes them.
    /// - Returns: the batch's loss before the update.
    /// - Throws: ``TrainingError`` before any change, when the model is not compiled or the
    ///   batch does not fit it (the model is built from its seed on the first batch).
    @discardableResult
    public func trainOnBatch(_ x: Tensor, _ y: Tensor) throws -> Float {
        try trainOnBatch([x], [y])
    }

    /// ``trainOnBatch(_:_:)-(Tensor,Tensor)`` for a model of several inputs: one tensor per
    /// input, in order, and the labels of its one output.
    ///
    /// ```swift
    /// let loss = try model.trainOnBatch([xa, xb], y)
    /// ```
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: Tensor) throws -> Float {
        try trainOnBatch(x, [y])
    }

    /// ``trainOnBatch(_:_:)-(Tensor,Tensor)`` for a model of several inputs and outputs: one
    /// tensor per input and one label tensor per output, in order. Returns the total loss.
    @discardableResult
    public func trainOnBatch(_ x: [Tensor], _ y: [Tensor]) throws -> Float {
        let optimizer = try compiledForTraining(by: "trainOnBatch")
        try checkData(x, y, batchSize: x.first?.shape.first ?? 0)
        warnAboutOutputActivationOnce()
        return trainStep(x, scaledTargets(y), optimizer: optimizer, parameters: trainableParameters).loss
    }

    /// The optimizer given to `compile`, or an error naming `caller`.
    func compiledForTraining(by caller: String) throws -> any Optimizer {
        guard loss != nil, let optimizer else {
            throw TrainingError(.notCompiled, "model '\(name)' must be compiled (loss and optimizer) before \(caller)")
        }
        return optimizer
    }

    /// Warns once per `compile` when an output layer's activation and its loss disagree.
    func warnAboutOutputActivationOnce() {
        guard !hasWarnedAboutOutput, let warning = outputActivationWarning() else { return }
        hasWarnedAboutOutput = true
        ProgressOutput.standardError.write("warning: \(warning)\n")
    }

    /// One step on a checked batch whose labels are already scaled: a forward pass in training
    /// mode that records the graph, the loss, back-propagation to `parameters`, one optimizer
    /// update. Returns the total loss computed before the update, each output's loss (several
    /// outputs only) and the batch's outputs (detached).
    ///
    /// With `parallel`, the batch is this rank's share of a global batch (possibly empty: then
    /// no forward pass, a loss of 0 and no outputs) and the gradients are summed over the ranks
    /// between back-propagation and the update.
    func trainStep(
        _ x: [Tensor], _ y: [Tensor], optimizer: any Optimizer, parameters: [Parameter], parallel: DataParallelStep? = nil
    ) -> (loss: Float, outputLosses: [Float], predictions: [Tensor]) {
        withSubnormalsFlushed { recordedStep(x, y, optimizer: optimizer, parameters: parameters, parallel: parallel) }
    }

    /// The step itself; ``trainStep(_:_:optimizer:parameters:parallel:)`` runs it with
    /// subnormals flushed (``withSubnormalsFlushed(_:)``).
    private func recordedStep(
        _ x: [Tensor], _ y: [Tensor], optimizer: any Optimizer, parameters: [Parameter], parallel: DataParallelStep?
    ) -> (loss: Float, outputLosses: [Float], predictions: [Tensor]) {
        if let parallel, parallel.rows == 0 {
            optimizer.update(parameters, with: parallel.reduced(Gradients(), of: parameters))
            return (0, [Float](repeating: 0, count: outputCount > 1 ? outputCount : 0), [])
        }
        var predictions: [Tensor] = []
        var outputLosses: [Float] = []
        let (value, gradients) = valueWithGradient(for: parameters) {
            let outputs = forward(x, training: true)
            predictions = outputs.map { $0.detached() }
            let losses = dataLoss(outputs, y)
            if losses.perOutput.count > 1 { outputLosses = losses.perOutput.map(\.scalar) }
            // The layers' weight penalties join the loss here, so that fit and trainOnBatch
            // both minimise and report data loss + penalties, as Keras does.
            guard let penalty = regularizationPenalty() else { return losses.total }
            return losses.total + penalty
        }
        optimizer.update(parameters, with: parallel?.reduced(gradients, of: parameters) ?? gradients)
        return (value.scalar, outputLosses, predictions)
    }
}
