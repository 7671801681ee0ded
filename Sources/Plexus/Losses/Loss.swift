/// A cost to minimise: how far a batch of predictions is from its labels.
///
/// A loss takes predictions of shape `[N, ...]` and the matching labels and returns a scalar
/// tensor (shape `[]`): the mean of the per-sample losses over the batch, as Keras's
/// "sum_over_batch_size" reduction. When the predictions are tracked (inside
/// ``valueWithGradient(for:of:)``), the result is one recorded node whose pullback gives the
/// gradient with respect to the predictions; labels get no gradient.
///
/// ```swift
/// let loss: any Loss = .sparseCategoricalCrossentropy(fromLogits: true)
/// let cost = loss(logits, labels)        // shape []
/// ```
///
/// The built-in losses are ``MeanSquaredError``, ``BinaryCrossentropy``,
/// ``SparseCategoricalCrossentropy`` and ``CategoricalCrossentropy``.
public protocol Loss: Sendable {
    /// The loss's name, as Keras spells it, for example `"sparse_categorical_crossentropy"`.
    var name: String { get }

    /// The mean loss over the batch, as a scalar tensor; recorded when `predictions` is tracked.
    func callAsFunction(_ predictions: Tensor, _ labels: Tensor) -> Tensor

    /// The loss of each sample, unreduced and never recorded: one value per row of
    /// `predictions` (its shape without the last axis, or `[N]` for predictions of shape `[N]`).
    /// Their mean is the value of ``callAsFunction(_:_:)``.
    ///
    /// ```swift
    /// MeanSquaredError().perSampleLosses(Tensor([[1, 2], [3, 5]]), Tensor([[1, 1], [3, 3]]))
    /// // [0.5, 2.0]
    /// ```
    func perSampleLosses(_ predictions: Tensor, _ labels: Tensor) -> Tensor
}

// MARK: - Spellings for `compile(loss:)`

extension Loss where Self == MeanSquaredError {
    /// Mean squared error; see ``MeanSquaredError``.
    ///
    /// ```swift
    /// model.compile(loss: .meanSquaredError, optimizer: SGD())
    /// ```
    public static var meanSquaredError: MeanSquaredError { MeanSquaredError() }
}

extension Loss where Self == BinaryCrossentropy {
    /// Binary cross-entropy; see ``BinaryCrossentropy``.
    ///
    /// ```swift
    /// model.compile(loss: .binaryCrossentropy(fromLogits: true), optimizer: Adam())
    /// ```
    public static func binaryCrossentropy(fromLogits: Bool = false) -> BinaryCrossentropy {
        BinaryCrossentropy(fromLogits: fromLogits)
    }
}

extension Loss where Self == SparseCategoricalCrossentropy {
    /// Cross-entropy with integer class labels; see ``SparseCategoricalCrossentropy``.
    ///
    /// ```swift
    /// model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
    /// ```
    public static func sparseCategoricalCrossentropy(fromLogits: Bool = false) -> SparseCategoricalCrossentropy {
        SparseCategoricalCrossentropy(fromLogits: fromLogits)
    }
}

extension Loss where Self == CategoricalCrossentropy {
    /// Cross-entropy with one-hot (or soft) labels; see ``CategoricalCrossentropy``.
    ///
    /// ```swift
    /// model.compile(loss: .categoricalCrossentropy(fromLogits: true), optimizer: Adam())
    /// ```
    public static func categoricalCrossentropy(fromLogits: Bool = false) -> CategoricalCrossentropy {
        CategoricalCrossentropy(fromLogits: fromLogits)
    }
}

// MARK: - The fused-loss machinery shared by the built-in losses

/// The raw computation of a loss: one pass over the rows of the predictions that sums the
/// per-sample losses and, on request, writes each sample's loss and the gradient of the batch
/// mean with respect to every prediction.
protocol LossKernel {
    /// The operation name recorded in the graph, and the label of error messages.
    var name: String { get }

    /// Checks that the shapes fit and returns how the predictions split into rows:
    /// `rows` samples of `width` values each (`rows * width == predictions.count`).
    func layout(predictions: [Int], labels: [Int]) -> (rows: Int, width: Int)

    /// Returns the sum of the per-sample losses of `rows` rows of `width` predictions.
    ///
    /// When `perSample` is given, writes the loss of row `r` to `perSample[r]`. When `gradient`
    /// is given, writes the derivative of `rowScale * (that sum)` with respect to each prediction.
    func run(
        predictions: UnsafePointer<Float>, labels: UnsafePointer<Float>, rows: Int, width: Int,
        perSample: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, rowScale: Float
    ) -> Double
}

extension LossKernel {
    /// The batch mean as a scalar tensor, recorded as one node when `predictions` is tracked.
    /// The gradient is computed in the same pass as the value and scaled in the pullback by the
    /// incoming gradient (1 when the loss is the cost itself).
    func meanLoss(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        let (rows, width) = layout(predictions: predictions.shape, labels: labels.shape)
        let gradient: Tensor? = predictions.isTracked ? Tensor(uninitializedShape: predictions.shape) : nil
        let rowScale: Float = rows > 0 ? 1 / Float(rows) : 0
        let total = predictions.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { y in
                run(
                    predictions: p.baseAddress!, labels: y.baseAddress!, rows: rows, width: width,
                    perSample: nil, gradient: gradient?.storage.base, rowScale: rowScale)
            }
        }
        // An empty batch has a loss of 0, as Keras's divide-no-NaN reduction gives.
        let result = Tensor(rows > 0 ? Float(total / Double(rows)) : 0)
        guard let gradient else { return result }
        return result.recorded(name, inputs: [predictions, labels]) { upstream in
            [gradient.scaledForLoss(by: upstream.scalar), nil]
        }
    }

    /// The loss of each row, never recorded.
    func rowLosses(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        let (rows, width) = layout(predictions: predictions.shape, labels: labels.shape)
        let shape = predictions.rank >= 2 ? Array(predictions.shape.dropLast()) : [rows]
        let losses = Tensor(uninitializedShape: shape)
        _ = predictions.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { y in
                run(
                    predictions: p.baseAddress!, labels: y.baseAddress!, rows: rows, width: width,
                    perSample: losses.storage.base, gradient: nil, rowScale: 0)
            }
        }
        return losses
    }

    /// For losses whose labels have the predictions' shape (mean squared error, binary
    /// cross-entropy): the shapes must be equal, or differ only by a trailing axis of 1
    /// (`[N]` labels for `[N, 1]` predictions). Rows are the last axis; a vector is `N` rows of 1.
    func elementwiseLayout(predictions: [Int], labels: [Int]) -> (rows: Int, width: Int) {
        require(
            !predictions.isEmpty,
            "\(name): predictions must have a batch axis, shape [N, ...], got a scalar of shape []")
        let fits = predictions == labels || predictions == labels + [1] || labels == predictions + [1]
        require(
            fits,
            "\(name): predictions of shape \(predictions) and labels of shape \(labels) do not match; they need the same shape")
        let width = predictions.count >= 2 ? predictions[predictions.count - 1] : 1
        let count = predictions.elementCount
        return (width > 0 ? count / width : 0, width)
    }

    /// For losses over classes along the last axis (categorical cross-entropies): the
    /// predictions have shape `[N, ..., K]`.
    func checkClassAxis(_ predictions: [Int]) -> Int {
        require(
            predictions.count >= 2,
            "\(name): predictions need a class axis, shape [N, classes], got shape \(predictions)")
        return predictions[predictions.count - 1]
    }
}

extension Tensor {
    /// `self * factor`, by a plain loop (never recorded); `self` when the factor is 1.
    func scaledForLoss(by factor: Float) -> Tensor {
        if factor == 1 { return self }
        let result = Tensor(uninitializedShape: shape)
        let source = storage.base, target = result.storage.base
        for i in 0..<count { target[i] = source[i] * factor }
        return result
    }
}
