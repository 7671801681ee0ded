// The checks `fit`, `evaluate` and `predict` make before any work, so that a mistake in the
// data is a thrown error naming the shapes, not a crash deep inside a layer.

extension Sequential {
    /// Checks that `x` is a batch of finite samples the model can take.
    func checkFeatures(_ x: Tensor, role: String = "x") throws {
        guard x.rank >= 2 else {
            throw TrainingError(.shapeMismatch, "\(role) must have a batch axis and a feature axis, got shape \(x.shape)")
        }
        guard x.shape[0] > 0 else {
            throw TrainingError(.emptyData, "\(role) has no samples (shape \(x.shape))")
        }
        let sample = Array(x.shape.dropFirst())
        if let inputShape, inputShape != sample {
            throw TrainingError(
                .shapeMismatch,
                "model '\(name)' takes samples of shape \(inputShape), but \(role) has samples of shape \(sample) (shape \(x.shape))")
        }
        if let position = Sequential.firstNonFinite(x) {
            throw TrainingError(
                .nonFiniteValue,
                "\(role) has a non-finite value (\(x.withUnsafeBufferPointer { $0[position] })) in sample \(position / Swift.max(x.count / x.shape[0], 1)); clean or impute the data first")
        }
        try checkFirstLayerInput(x, role: role)
    }

    /// The first layer's own check of the samples (an Embedding's indices, say). A layer that
    /// takes indices anywhere else, or behind the model's input scaling, would get values that
    /// are not indices, so that is refused too.
    func checkFirstLayerInput(_ x: Tensor, role: String) throws {
        if let later = layers.dropFirst().first(where: \.takesIndices) {
            throw TrainingError(
                .invalidArgument,
                "\(later.typeName) '\(later.name)' takes whole-number indices, so it must be the first layer of model '\(name)'")
        }
        guard let first = layers.first else { return }
        if first.takesIndices, inputNormalization != nil {
            throw TrainingError(
                .invalidArgument,
                "model '\(name)' scales its inputs (inputNormalization), but its first layer, \(first.typeName) '\(first.name)', takes whole-number indices; leave the inputs unscaled")
        }
        do {
            try first.checkInput(x)
        } catch let error as TrainingError {
            throw TrainingError(error.kind, "\(role): \(error.description)")
        }
    }

    /// Checks that labels `y` fit the samples `x` and the (built) model's output.
    func checkLabels(_ y: Tensor, for x: Tensor, loss: any Loss, role: String = "y") throws {
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw TrainingError(
                .shapeMismatch,
                "x and \(role) must have the same number of rows: x has shape \(x.shape), \(role) has shape \(y.shape)")
        }
        if let position = Sequential.firstNonFinite(y) {
            throw TrainingError(.nonFiniteValue, "\(role) has a non-finite value in row \(position / Swift.max(y.count / y.shape[0], 1))")
        }
        guard let output = outputShape else { return }
        let rows = x.shape[0]
        let outputWidth = output.reduce(1, *)
        if loss is SparseCategoricalCrossentropy {
            guard output.count == 1 else {
                throw TrainingError(
                    .shapeMismatch,
                    "sparse categorical cross-entropy needs one row of class scores per sample, but the model outputs samples of shape \(output); add a Flatten (or global pooling) before the last Dense layer")
            }
            let labelWidth = y.count / rows
            guard labelWidth == 1 else {
                throw TrainingError(
                    .shapeMismatch,
                    "sparse categorical cross-entropy takes one class index per row, shape [\(rows)] or [\(rows), 1]; got \(role) of shape \(y.shape)")
            }
            let classes = output.last ?? 1
            let bad = y.withUnsafeBufferPointer { labels in
                labels.firstIndex { $0 < 0 || $0 >= Float(classes) || $0 != $0.rounded() }
            }
            if let bad {
                let label = y.withUnsafeBufferPointer { $0[bad] }
                throw TrainingError(
                    .labelOutOfRange,
                    "label \(label) in row \(bad) is not one of the \(classes) classes 0..<\(classes) the model outputs")
            }
        } else if y.count != rows * outputWidth || (output.count > 1 && Array(y.shape.dropFirst()) != output) {
            throw TrainingError(
                .shapeMismatch,
                "the model outputs shape \([rows] + output) for \(rows) rows, but \(role) has shape \(y.shape)")
        }
    }

    static func firstNonFinite(_ t: Tensor) -> Int? {
        t.withUnsafeBufferPointer { values in values.firstIndex { !$0.isFinite } }
    }
}
