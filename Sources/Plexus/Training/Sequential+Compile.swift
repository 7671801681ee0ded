extension Sequential {
    /// Chooses how the model learns: the loss to minimise, the optimizer that takes the steps,
    /// and the metrics to report beside the loss.
    ///
    /// ```swift
    /// model.compile(loss: .binaryCrossentropy(), optimizer: Adam(), metrics: [.accuracy])
    /// ```
    public func compile(loss: some Loss, optimizer: some Optimizer, metrics: [Metric] = []) {
        self.loss = loss
        self.optimizer = optimizer
        self.metrics = metrics
        hasWarnedAboutOutput = false
    }

    /// The activation of the model's last step, if it ends in a layer that has one (Dense,
    /// Conv2D, Activation): whether its outputs are logits, probabilities or plain values.
    public var finalActivation: Activation? { layers.last?.outputActivation }

    /// The mistake users of Keras and PyTorch make most: a softmax or sigmoid output with a
    /// loss that expects logits, or a linear output with a loss that expects probabilities.
    /// Returns the warning to give, if any.
    func outputActivationWarning() -> String? {
        guard let loss, let activation = finalActivation, let fromLogits = Sequential.expectsLogits(loss) else {
            return nil
        }
        switch (activation, fromLogits) {
        case (.softmax, true), (.sigmoid, true):
            return "the last layer applies \(activation), but the loss \(loss.name) has fromLogits: true "
                + "and will apply it again; use a linear last layer, or fromLogits: false"
        case (.linear, false):
            return "the last layer is linear (it outputs logits), but the loss \(loss.name) expects "
                + "probabilities; use fromLogits: true, or a softmax/sigmoid last layer"
        default:
            return nil
        }
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
}
