/// Precision, recall and F1 of one class, from a confusion matrix.
public struct ClassScores: Sendable, Equatable {
    /// The class index.
    public var index: Int
    /// Of the samples predicted as this class, the share that are (0 when none is predicted).
    public var precision: Float
    /// Of the samples of this class, the share predicted as it (0 when there are none).
    public var recall: Float
    /// The harmonic mean of precision and recall (0 when both are 0).
    public var f1: Float
    /// How many test samples are of this class.
    public var support: Int
}

extension ConfusionMatrix {
    /// Each class's precision, recall and F1, as scikit-learn's `classification_report` gives
    /// them (a class never predicted has precision 0).
    public var classScores: [ClassScores] {
        (0..<classes).map { index in
            let right = counts[index][index]
            let predicted = (0..<classes).reduce(0) { $0 + counts[$1][index] }
            let actual = counts[index].reduce(0, +)
            let precision = predicted == 0 ? 0 : Float(right) / Float(predicted)
            let recall = actual == 0 ? 0 : Float(right) / Float(actual)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return ClassScores(index: index, precision: precision, recall: recall, f1: f1, support: actual)
        }
    }
}
