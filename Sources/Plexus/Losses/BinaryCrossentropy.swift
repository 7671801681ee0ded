import Foundation

/// Binary cross-entropy, for one or more yes/no outputs per sample (labels 0 or 1, or soft
/// labels in between): averaged over the last axis, then over the batch.
///
/// With probabilities (`fromLogits: false`, the default, for a model ending in a sigmoid), each
/// prediction is clipped to `[1e-7, 1 - 1e-7]` and the element loss is
/// `-(y log p + (1 - y) log(1 - p))`, at most about 16.118. The gradient is that of the clipped
/// value, so it is zero where a prediction was clipped.
///
/// With logits (`fromLogits: true`, for a model ending in a linear layer) the element loss is
/// `max(z, 0) - z y + log(1 + exp(-|z|))` and its gradient `sigmoid(z) - y`: both finite and
/// exact for any finite logit. Prefer this form; it trains better than probabilities near 0 or 1.
///
/// ```swift
/// let loss = BinaryCrossentropy(fromLogits: true)
/// loss(Tensor([[0], [2]]), Tensor([[1], [0]]))   // (log 2 + 2.1269) / 2 ≈ 1.4100
/// ```
///
/// Labels have the shape of the predictions (`[N, K]` for `K` independent labels);
/// `[N]` labels also fit `[N, 1]` predictions.
public struct BinaryCrossentropy: Loss, LossKernel {
    /// Whether the predictions are logits (any real number) rather than probabilities.
    public var fromLogits: Bool

    public var name: String { "binary_crossentropy" }

    /// Binary cross-entropy of probabilities, or of logits when `fromLogits` is true.
    public init(fromLogits: Bool = false) {
        self.fromLogits = fromLogits
    }

    public func callAsFunction(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        meanLoss(predictions, labels)
    }

    public func perSampleLosses(_ predictions: Tensor, _ labels: Tensor) -> Tensor {
        rowLosses(predictions, labels)
    }

    func layout(predictions: [Int], labels: [Int]) -> (rows: Int, width: Int) {
        elementwiseLayout(predictions: predictions, labels: labels)
    }

    func run(
        predictions p: UnsafePointer<Float>, labels y: UnsafePointer<Float>, rows: Int, width: Int,
        perSample: UnsafeMutablePointer<Float>?, gradient: UnsafeMutablePointer<Float>?, rowScale: Float
    ) -> Double {
        let inverseWidth = width > 0 ? 1 / Float(width) : 0
        let gradientScale = rowScale * inverseWidth
        var total: Double = 0
        for row in 0..<rows {
            let start = row * width
            var sum: Float = 0
            if fromLogits {
                for i in start..<(start + width) {
                    let z = p[i], label = y[i]
                    let tail = Foundation.exp(-Swift.abs(z))  // in (0, 1]: never overflows
                    sum += Swift.max(z, 0) - z * label + Foundation.log1p(tail)
                    if let gradient {
                        // sigmoid(z) from the same exp(-|z|): 1/(1+t) for z >= 0, t/(1+t) below.
                        let sigmoid = z >= 0 ? 1 / (1 + tail) : tail / (1 + tail)
                        gradient[i] = gradientScale * (sigmoid - label)
                    }
                }
            } else {
                for i in start..<(start + width) {
                    let raw = p[i], label = y[i]
                    let q = LossMath.clippedProbability(raw)
                    sum -= label * Foundation.log(q) + (1 - label) * Foundation.log(1 - q)
                    if let gradient {
                        // d/dq = (q - y) / (q (1 - q)); the clip passes no gradient where it acts.
                        gradient[i] = LossMath.isInsideClip(raw) ? gradientScale * (q - label) / (q * (1 - q)) : 0
                    }
                }
            }
            let loss = sum * inverseWidth
            perSample?[row] = loss
            total += Double(loss)
        }
        return total
    }
}
