// How `fit`, `evaluate` and `predict` use the model's own scaling (``Sequential/inputNormalization``
// and ``Sequential/outputNormalization``): checked before any work, applied to the labels on
// the way in and to the predictions on the way out.

extension Sequential {
    /// Checks that the scalings fit samples shaped as in `x` and labels shaped as in `y`.
    func checkPreprocessing(x: Tensor, y: Tensor? = nil) throws {
        if let inputNormalization, x.rank >= 1, x.shape[0] > 0 {
            let width = x.count / x.shape[0]
            guard width == inputNormalization.featureCount else {
                throw TrainingError(
                    .shapeMismatch,
                    "model '\(name)' scales its inputs with statistics of \(inputNormalization.featureCount) features, but samples of shape \(Array(x.shape.dropFirst())) have \(width)")
            }
        }
        if let outputNormalization, let y, y.rank >= 1, y.shape[0] > 0 {
            let width = y.count / y.shape[0]
            guard width == outputNormalization.featureCount else {
                throw TrainingError(
                    .shapeMismatch,
                    "model '\(name)' scales its targets with statistics of \(outputNormalization.featureCount) columns, but labels of shape \(y.shape) have \(width)")
            }
        }
    }

    /// The labels as the model learns them: scaled by ``outputNormalization`` when set.
    func scaledTargets(_ y: Tensor) -> Tensor {
        outputNormalization.map { $0(y) } ?? y
    }

    /// Outputs in the targets' own units: ``outputNormalization`` undone when set.
    func unscaledOutputs(_ outputs: Tensor) -> Tensor {
        outputNormalization.map { $0.inverse(outputs) } ?? outputs
    }
}
