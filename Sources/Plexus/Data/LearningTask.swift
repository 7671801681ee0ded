/// The kind of learning task a set of labels calls for, which decides the output layer and
/// the loss: one linear output and mean squared error, one logit and binary cross-entropy,
/// or `classes` logits and sparse categorical cross-entropy.
///
/// ```swift
/// switch try Datasets.breastCancer().task {
/// case .binary: print("one sigmoid output")
/// case .multiclass(let classes): print("\(classes) logits")
/// case .regression: print("a linear output")
/// }
/// ```
public enum LearningTask: Sendable, Equatable, CustomStringConvertible {
    /// Predicting numbers.
    case regression
    /// Telling two classes apart.
    case binary
    /// Choosing one of `classes` classes, labelled `0..<classes`.
    case multiclass(classes: Int)

    /// The most classes ``guess(from:)`` will call a classification task.
    public static let maximumClasses = 100

    public var description: String {
        switch self {
        case .regression: return "regression"
        case .binary: return "binary classification"
        case .multiclass(let classes): return "classification into \(classes) classes"
        }
    }

    /// Whether the task is a classification (binary or multiclass).
    public var isClassification: Bool { self != .regression }

    /// The task the labels most likely stand for, by these rules:
    ///
    /// - One label per sample (shape `[n]` or `[n, 1]`):
    ///   - every label an integer, exactly two distinct values → ``binary`` (binary
    ///     cross-entropy wants them to be 0 and 1, as loaders that map class names make them);
    ///   - every label a non-negative integer, at most ``maximumClasses`` distinct values, and
    ///     no more distinct values than half the number of samples (so each class is seen about
    ///     twice or more) → ``multiclass(classes:)`` with `classes` = the largest label + 1;
    ///   - anything else (fractions, negative numbers, many distinct values) → ``regression``.
    /// - Several columns per sample (`[n, k]`, `k > 1`): rows that are all 0 except a single 1
    ///   (one-hot) → ``multiclass(classes:)`` with `k` classes; anything else → ``regression``.
    ///
    /// ```swift
    /// LearningTask.guess(from: Tensor([0, 1, 1, 0]))          // .binary
    /// LearningTask.guess(from: Tensor([0, 2, 1, 2, 0, 1]))    // .multiclass(classes: 3)
    /// LearningTask.guess(from: Tensor([0.5, 1.25, 3]))        // .regression
    /// ```
    public static func guess(from labels: Tensor) -> LearningTask {
        guard labels.rank >= 1, labels.shape[0] > 0 else { return .regression }
        let rows = labels.shape[0]
        let width = labels.count / rows
        return labels.withUnsafeBufferPointer { values in
            width == 1 ? guessFromIndices(values, rows: rows) : guessFromRows(values, rows: rows, width: width)
        }
    }

    private static func guessFromIndices(_ values: UnsafeBufferPointer<Float>, rows: Int) -> LearningTask {
        var distinct = Set<Float>()
        var largest: Float = 0
        var nonNegative = true
        for value in values {
            guard value.isFinite, value == value.rounded() else { return .regression }
            if value < 0 { nonNegative = false }
            largest = max(largest, value)
            if distinct.count <= maximumClasses { distinct.insert(value) }
        }
        if distinct.count == 2 { return .binary }
        if nonNegative, distinct.count <= maximumClasses, distinct.count <= max(rows / 2, 1) {
            return .multiclass(classes: Int(largest) + 1)
        }
        return .regression
    }

    private static func guessFromRows(_ values: UnsafeBufferPointer<Float>, rows: Int, width: Int) -> LearningTask {
        for row in 0..<rows {
            var ones = 0
            for value in values[(row * width)..<((row + 1) * width)] {
                if value == 1 { ones += 1 } else if value != 0 { return .regression }
            }
            if ones != 1 { return .regression }
        }
        return .multiclass(classes: width)
    }
}
