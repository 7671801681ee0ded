import Foundation

/// Cross-entropy for single-label classification with class indices as labels: the mean over
/// the batch of `-log(probability of the true class)`.
///
/// Labels are class indices stored as `Float`, shape `[N]` or `[N, 1]`, for predictions of shape
/// `[N, classes]`. A label that is not a whole number in `0..<classes` stops the program with a
/// message naming it.
///
/// With logits (`fromLogits: true`, for a model ending in a linear layer), the sample loss is
/// `logsumexp(z) - z[label]`, computed with the row's maximum subtracted, and the gradient is
/// `(softmax(z) - onehot(label)) / N`: one fused node, finite for any finite logits. Prefer
/// this form.
///
/// With probabilities (the default, for a model ending in a softmax), as Keras does, the
/// predictions are clipped to `[1e-7, 1 - 1e-7]`, their logarithms are taken as logits, and the
/// softmax of those renormalises them: the sample loss is `-log(q[label] / sum(q))` with `q` the
/// clipped row. A clipped prediction gets no gradient.
///
/// ```swift
/// let loss = SparseCategoricalCrossentropy(fromLogits: true)
/// loss(Tensor([[2, 0, 0]]), Tensor([0]))   // log(e² + 2) - 2 ≈ 0.2395
/// ```
public struct SparseCategoricalCrossentropy: Loss, LossKernel {
    /// Whether the predictions are logits (any real numbers) rather than probabilities.
    public var fromLogits: Bool

    public var name: String { "sparse_categorical_crossentropy" }

    /// Sparse categorical cross-entropy of probabilities, or of logits when `fromLogits` is true.
    public init(fromLogits: Bool = false) {
        self.fromLogits = fromLogits
    }

    public func callAsFunction(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        meanLoss(predictions, labels)
    }

    public func perSampleLosses(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        rowLosses(predictions, labels)
    }

    /// Predictions `[N, ..., K]`; labels `[N, ...]` or `[N, ..., 1]`.
    func layout(predictions: [Int], labels: [Int]) -> (rows: Int, width: Int) {
        let classes = checkClassAxis(predictions)
        let leading = Array(predictions.dropLast())
        require(
            labels == leading || labels == leading + [1],
            "\(name): labels of shape \(labels) do not fit predictions of shape \(predictions); "
                + "they need shape \(leading) or \(leading + [1]), one class index per row")
        return (leading.elementCount, classes)
    }

    func run(
        predictions p: UnsafePointer<Float>, labels y: UnsafePointer<Float>, rows: Int, width: Int,
        perSample: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, rowScale: Float
    ) -> Double {
        var total: Double = 0
        for row in 0..<rows {
            let target = Self.classIndex(y[row], classes: width)
            let z = p + row * width
            let g = gradient.map { $0 + row * width }
            let loss: Float
            if fromLogits {
                let (lse, inverseSum) = LossMath.logSumExp(z, width: width, exponentials: g)
                loss = lse - z[target]
                if let g {
                    // (softmax - onehot) / N
                    let scale = inverseSum * rowScale
                    for j in 0..<width { g[j] *= scale }
                    g[target] -= rowScale
                }
            } else {
                var sum: Float = 0
                for j in 0..<width { sum += LossMath.clippedProbability(z[j]) }
                let chosen = LossMath.clippedProbability(z[target])
                loss = Foundation.log(sum) - Foundation.log(chosen)
                if let g {
                    // d/dp_j of log(sum q) - log(q_target), through the clip:
                    // (1/sum - [j == target]/q_target) where p_j is inside the clip, else 0.
                    let common = rowScale / sum
                    for j in 0..<width { g[j] = LossMath.isInsideClip(z[j]) ? common : 0 }
                    if LossMath.isInsideClip(z[target]) { g[target] -= rowScale / chosen }
                }
            }
            perSample?[row] = loss
            total += Double(loss)
        }
        return total
    }

    /// The class a label stands for, stopping with a message unless it is a whole number in
    /// `0..<classes`.
    @inline(__always)
    static func classIndex(_ label: Float, classes: Int) -> Int {
        require(
            label == label.rounded() && label >= 0 && label < Float(classes),
            label == label.rounded() || !label.isFinite
                ? "label \(LossMath.describeLabel(label)) is outside the \(classes) classes 0..<\(classes)"
                : "label \(LossMath.describeLabel(label)) is not a class index: labels must be whole numbers in 0..<\(classes)")
        return Int(label)
    }
}
