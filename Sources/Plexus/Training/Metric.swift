/// A number reported while training, beside the loss.
///
/// `.accuracy` means what you would mean by it, decided from the loss and the shapes:
/// - sparse categorical cross-entropy (integer labels, many outputs): the share of rows whose
///   largest output is the label;
/// - categorical cross-entropy (one-hot labels): the share whose largest output is the largest label;
/// - binary cross-entropy: the share of outputs on the right side of 0.5 (of 0 for logits).
///   With several sigmoid outputs (multi-label), every label counts on its own, unlike
///   Keras, which takes an argmax there.
public enum Metric: Sendable, Hashable {
    /// The share of right answers, chosen from the loss (see above); reported as "accuracy".
    case accuracy
    /// The mean of the squared differences between outputs and labels; reported as "mse".
    case meanSquaredError
    /// The mean of the absolute differences between outputs and labels; reported as "mae".
    case meanAbsoluteError

    /// The name under which it is reported ("accuracy", "mse", "mae").
    public var name: String {
        switch self {
        case .accuracy: return "accuracy"
        case .meanSquaredError: return "mse"
        case .meanAbsoluteError: return "mae"
        }
    }
}

/// How a metric is computed for a given loss: a sum over a batch and its count, so that the
/// value over an epoch is the exact mean over its samples.
enum MetricRule: Equatable {
    case sparseCategoricalAccuracy
    case categoricalAccuracy
    /// Elementwise: right when (prediction > threshold), as 0 or 1, equals the label (a soft
    /// label such as 0.8 is never right, as in Keras).
    case binaryAccuracy(threshold: Float)
    case meanSquaredError
    case meanAbsoluteError

    /// The rule for `metric` when training with `loss` on outputs `outputWidth` wide.
    static func resolve(_ metric: Metric, loss: any Loss, outputWidth: Int, labelShape: [Int]) -> MetricRule {
        switch metric {
        case .meanSquaredError: return .meanSquaredError
        case .meanAbsoluteError: return .meanAbsoluteError
        case .accuracy:
            if let binary = loss as? BinaryCrossentropy {
                return .binaryAccuracy(threshold: binary.fromLogits ? 0 : 0.5)
            }
            if loss is SparseCategoricalCrossentropy { return .sparseCategoricalAccuracy }
            if loss is CategoricalCrossentropy { return .categoricalAccuracy }
            // Any other loss: judge by the shapes, as Keras does.
            if outputWidth == 1 { return .binaryAccuracy(threshold: 0.5) }
            let labelWidth = labelShape.count > 1 ? labelShape[labelShape.count - 1] : 1
            return labelWidth == 1 ? .sparseCategoricalAccuracy : .categoricalAccuracy
        }
    }

    /// Whether the rule pairs each output value with the label value at the same place, so
    /// that outputs and labels must be the same size.
    var comparesValueByValue: Bool {
        switch self {
        case .binaryAccuracy, .meanSquaredError, .meanAbsoluteError: return true
        case .sparseCategoricalAccuracy, .categoricalAccuracy: return false
        }
    }

    /// The sum of the per-sample values over a batch, and how many values it counts.
    func batchTotal(predictions: Tensor, labels: Tensor) -> (sum: Double, count: Int) {
        let width = predictions.shape.last ?? 1
        let rows = width == 0 ? 0 : predictions.count / width
        return predictions.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { y in
                switch self {
                case .sparseCategoricalAccuracy:
                    var right = 0
                    // Compared as floats: a label no class index equals (2.5, 1e20) is wrong,
                    // where converting it to Int would stop the program.
                    for row in 0..<rows where Float(Self.argmax(p, row * width, width)) == y[row] { right += 1 }
                    return (Double(right), rows)
                case .categoricalAccuracy:
                    var right = 0
                    for row in 0..<rows
                    where Self.argmax(p, row * width, width) == Self.argmax(y, row * width, width) {
                        right += 1
                    }
                    return (Double(right), rows)
                case .binaryAccuracy(let threshold):
                    var right = 0
                    // As Keras's binary_accuracy: the thresholded output (0 or 1) equals the label.
                    for i in 0..<p.count where (p[i] > threshold ? 1 : 0) == y[i] { right += 1 }
                    return (Double(right), p.count)
                case .meanSquaredError:
                    var sum = 0.0
                    for i in 0..<p.count { sum += Double((p[i] - y[i]) * (p[i] - y[i])) }
                    return (sum, p.count)
                case .meanAbsoluteError:
                    var sum = 0.0
                    for i in 0..<p.count { sum += Double(Swift.abs(p[i] - y[i])) }
                    return (sum, p.count)
                }
            }
        }
    }

    private static func argmax(_ values: UnsafeBufferPointer<Float>, _ start: Int, _ count: Int) -> Int {
        var best = 0
        for j in 1..<Swift.max(count, 1) where values[start + j] > values[start + best] { best = j }
        return best
    }
}
