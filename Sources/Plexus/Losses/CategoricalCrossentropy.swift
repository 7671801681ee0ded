import Foundation

/// Cross-entropy for classification with one-hot (or soft) labels of shape `[N, classes]`:
/// the mean over the batch of `-sum(label * log(probability))`.
///
/// With logits (`fromLogits: true`), the sample loss is `sum(y) logsumexp(z) - sum(y z)`,
/// computed with the row's maximum subtracted, and the gradient `(sum(y) softmax(z) - y) / N`,
/// which is `(softmax(z) - y) / N` for labels that sum to 1. Prefer this form.
///
/// With probabilities (the default), the predictions are clipped to `[1e-7, 1 - 1e-7]` and
/// renormalised, as ``SparseCategoricalCrossentropy`` does: the sample loss is
/// `-sum(y log(q / sum(q)))` with `q` the clipped row, so a one-hot label gives the same loss as
/// its class index does there. A clipped prediction gets no gradient.
///
/// ```swift
/// let loss = CategoricalCrossentropy()
/// loss(Tensor([[0.5, 0.25, 0.25]]), Tensor([[1, 0, 0]]))   // -log 0.5 ≈ 0.6931
/// ```
public struct CategoricalCrossentropy: Loss, LossKernel {
    /// Whether the predictions are logits (any real numbers) rather than probabilities.
    public var fromLogits: Bool

    public var name: String { "categorical_crossentropy" }

    /// Categorical cross-entropy of probabilities, or of logits when `fromLogits` is true.
    public init(fromLogits: Bool = false) {
        self.fromLogits = fromLogits
    }

    public func callAsFunction(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        meanLoss(predictions, labels)
    }

    public func perSampleLosses(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        rowLosses(predictions, labels)
    }

    /// Predictions and labels of one shape `[N, ..., K]`.
    func layout(predictions: [Int], labels: [Int]) -> (rows: Int, width: Int) {
        let classes = checkClassAxis(predictions)
        require(
            labels == predictions,
            "\(name): predictions of shape \(predictions) and labels of shape \(labels) do not match; "
                + "labels need one value per class, the same shape (use SparseCategoricalCrossentropy for class indices)")
        return (classes > 0 ? predictions.elementCount / classes : 0, classes)
    }

    func run(
        predictions p: UnsafePointer<Float>, labels y: UnsafePointer<Float>, rows: Int, width: Int,
        perSample: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, rowScale: Float
    ) -> Double {
        var total: Double = 0
        for row in 0..<rows {
            let z = p + row * width
            let labels = y + row * width
            let g = gradient.map { $0 + row * width }
            var labelSum: Float = 0
            for j in 0..<width { labelSum += labels[j] }
            var loss: Float
            if fromLogits {
                let (lse, inverseSum) = LossMath.logSumExp(z, width: width, exponentials: g)
                loss = labelSum * lse
                for j in 0..<width where labels[j] != 0 { loss -= labels[j] * z[j] }
                if let g {
                    let scale = labelSum * inverseSum * rowScale
                    for j in 0..<width { g[j] = g[j] * scale - labels[j] * rowScale }
                }
            } else {
                var sum: Float = 0
                for j in 0..<width { sum += LossMath.clippedProbability(z[j]) }
                loss = labelSum * Foundation.log(sum)
                for j in 0..<width where labels[j] != 0 {
                    loss -= labels[j] * Foundation.log(LossMath.clippedProbability(z[j]))
                }
                if let g {
                    // d/dp_j = sum(y)/sum(q) - y_j/q_j where p_j is inside the clip, else 0.
                    let common = labelSum / sum
                    for j in 0..<width {
                        g[j] = LossMath.isInsideClip(z[j]) ? rowScale * (common - labels[j] / LossMath.clippedProbability(z[j])) : 0
                    }
                }
            }
            perSample?[row] = loss
            total += Double(loss)
        }
        return total
    }
}
