/// Counts of (true class, predicted class) pairs: row `i`, column `j` is how many samples of
/// class `i` were predicted as class `j`, so the diagonal holds the right answers.
///
/// ```swift
/// let matrix = ConfusionMatrix(labels: test.labels, predictions: probabilities, classes: 10)
/// print(matrix.accuracy, matrix.description)
/// ```
public struct ConfusionMatrix: Sendable, Equatable, CustomStringConvertible {
    /// The number of classes.
    public let classes: Int
    /// `counts[i][j]`: samples of class `i` predicted as `j`.
    public private(set) var counts: [[Int]]

    /// The matrix for class-index labels `[n]` (or `[n, 1]`) and model outputs `[n, classes]`
    /// (scores, logits or probabilities: the largest wins), or `[n, 1]` sigmoid outputs for
    /// two classes (0.5 is the threshold; give `threshold: 0` for logits).
    public init(labels: Tensor, predictions: Tensor, classes: Int, threshold: Float = 0.5) {
        self.classes = classes
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for (label, predicted) in zip(labels.scalars, ConfusionMatrix.predictedClasses(predictions, threshold: threshold)) {
            // Checked as a float: converting NaN or 1e20 to Int would stop without this message.
            require(
                label >= 0 && label < Float(classes) && predicted < classes,
                "confusion matrix: label \(label) or prediction \(predicted) is outside the \(classes) classes")
            counts[Int(label)][predicted] += 1
        }
    }

    /// The class each output row predicts: the index of the largest output, or for one
    /// column, 1 when above the threshold.
    public static func predictedClasses(_ predictions: Tensor, threshold: Float = 0.5) -> [Int] {
        let width = predictions.rank > 1 ? predictions.shape[predictions.rank - 1] : 1
        if width == 1 { return predictions.scalars.map { $0 > threshold ? 1 : 0 } }
        return predictions.argmaxIndices(alongAxis: -1)
    }

    /// The share of samples on the diagonal.
    public var accuracy: Float {
        let total = counts.joined().reduce(0, +)
        let right = (0..<classes).reduce(0) { $0 + counts[$1][$1] }
        return total == 0 ? 0 : Float(right) / Float(total)
    }

    /// A table with the true class down and the predicted class across.
    public var description: String { rendered(classNames: nil) }

    /// The table, with class names as row labels when given.
    public func rendered(classNames: [String]?) -> String {
        let width = Swift.max(4, (counts.joined().max() ?? 0).description.count + 1)
        let rowLabels = (0..<classes).map { index in
            // Names that only repeat the index (the digits' "0"..."9") add nothing.
            guard let name = classNames?[index], name != "\(index)" else { return "\(index)" }
            return "\(index) \(name)"
        }
        let labelWidth = Swift.max(10, rowLabels.map(\.count).max() ?? 0)
        func pad(_ text: String, _ size: Int, left: Bool = true) -> String {
            let fill = String(repeating: " ", count: Swift.max(0, size - text.count))
            return left ? fill + text : text + fill
        }
        var lines = [pad("true \\ predicted", labelWidth + 2, left: false) + (0..<classes).map { pad("\($0)", width) }.joined()]
        for (index, row) in counts.enumerated() {
            lines.append(pad(rowLabels[index], labelWidth + 2, left: false) + row.map { pad("\($0)", width) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
