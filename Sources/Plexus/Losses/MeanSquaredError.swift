/// Mean squared error: the mean over the last axis of `(prediction - label)²`, then the mean
/// over the batch.
///
/// ```swift
/// let loss = MeanSquaredError()
/// loss(Tensor([[1, 2], [3, 5]]), Tensor([[1, 1], [3, 3]]))   // (0 + 1 + 0 + 4) / 4 = 1.25
/// ```
///
/// Labels have the shape of the predictions; `[N]` labels also fit `[N, 1]` predictions.
/// The gradient with respect to a prediction is `2 (prediction - label) / count`.
public struct MeanSquaredError: Loss, LossKernel {
    public var name: String { "mean_squared_error" }

    /// Mean squared error.
    public init() {}

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
        let gradientScale = 2 * rowScale * inverseWidth
        var total: Double = 0
        for row in 0..<rows {
            let start = row * width
            var sum: Float = 0
            for i in start..<(start + width) {
                let difference = p[i] - y[i]
                sum += difference * difference
                gradient?[i] = gradientScale * difference
            }
            let loss = sum * inverseWidth
            perSample?[row] = loss
            total += Double(loss)
        }
        return total
    }
}
