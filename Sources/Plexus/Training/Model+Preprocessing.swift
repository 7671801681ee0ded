// How `fit`, `evaluate` and `predict` use the model's own scaling (``Model/inputNormalization``
// and ``Model/outputNormalization``): checked before any work, applied to the labels on
// the way in and to the predictions on the way out.

extension Model {
    /// Checks that the scalings fit samples shaped as in `x` and labels shaped as in `y`.
    func checkPreprocessing(x: [Tensor], y: [Tensor]? = nil) throws {
        if inputNormalization != nil, x.count != 1 {
            throw TrainingError(
                .invalidArgument, "model '\(name)' has \(x.count) inputs; inputNormalization scales the input of a one-input model only")
        }
        if outputNormalization != nil, outputCount != 1 {
            throw TrainingError(
                .invalidArgument,
                "model '\(name)' has \(outputCount) outputs; outputNormalization scales the output of a one-output model only")
        }
        try checkPreprocessing(x: x[0], y: y?.first)
    }

    private func checkPreprocessing(x: Tensor, y: Tensor?) throws {
        if let inputNormalization, x.rank >= 1, x.shape[0] > 0 {
            let width = x.count / x.shape[0]
            guard width == inputNormalization.featureCount else {
                throw TrainingError(
                    .shapeMismatch,
                    "model '\(name)' scales its inputs with statistics of \(inputNormalization.featureCount) features, but samples of shape \(Array(x.shape.dropFirst())) have \(width)"
                )
            }
        }
        if let outputNormalization, let y, y.rank >= 1, y.shape[0] > 0 {
            let width = y.count / y.shape[0]
            guard width == outputNormalization.featureCount else {
                throw TrainingError(
                    .shapeMismatch,
                    "model '\(name)' scales its targets with statistics of \(outputNormalization.featureCount) columns, but labels of shape \(y.shape) have \(width)"
                )
            }
        }
    }

    /// The labels as the model learns them: scaled by ``outputNormalization`` when set.
    func scaledTargets(_ y: [Tensor]) -> [Tensor] {
        guard let outputNormalization, y.count == 1 else { return y }
        return [outputNormalization(y[0])]
    }

    /// Outputs in the targets' own units: ``outputNormalization`` undone when set.
    func unscaledOutputs(_ outputs: [Tensor]) -> [Tensor] {
        guard let outputNormalization, outputs.count == 1 else { return outputs }
        return [outputNormalization.inverse(outputs[0])]
    }
}
