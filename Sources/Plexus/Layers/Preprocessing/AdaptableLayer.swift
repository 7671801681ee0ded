/// A layer whose state is computed from data before training rather than learned, as Keras's
/// preprocessing layers are by `adapt()`: ``NormalizationLayer`` takes each feature's mean and
/// variance. The command adapts such a layer, written first in `--layers`, to the training data.
///
/// ```swift
/// let normalization = NormalizationLayer()
/// try normalization.adapt(train.x)
/// let model = Sequential { normalization; Dense(10) }
/// ```
public protocol AdaptableLayer: Layer {
    /// Computes the layer's state from `data` (`[samples, ...]`, samples as the layer takes
    /// them), building the layer first if needed.
    ///
    /// - Throws: ``TrainingError`` when the data is empty, not finite, or of another shape than
    ///   the layer was built for.
    func adapt(_ data: Tensor) throws
}
