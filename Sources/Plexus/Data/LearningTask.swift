/// The kind of learning task a set of labels calls for, which decides the output layer and
/// the loss: one linear output and mean squared error, one logit and binary cross-entropy,
/// `classes` logits and sparse categorical cross-entropy, or for multi-label one sigmoid per
/// label and binary cross-entropy.
///
/// ```swift
/// switch try Datasets.breastCancer().task {
/// case .binary: print("one sigmoid output")
/// case .multiclass(let classes): print("\(classes) logits")
/// case .multilabel(let labels): print("\(labels) sigmoid outputs")
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
    /// Saying yes or no to each of `labels` labels at once (is there a car, a bus, a
    /// pedestrian?): labels are rows of `labels` values, each 0 or 1, any number of them 1.
    case multilabel(labels: Int)

    /// The most classes ``guess(from:)`` will call a classification task.
    public static let maximumClasses = 100

    /// The task in words, such as "regression" or "classification into 10 classes".
    public var description: String {
        switch self {
        case .regression: return "regression"
        case .binary: return "binary classification"
        case .multiclass(let classes): return "classification into \(classes) classes"
        case .multilabel(let labels): return "multi-label classification of \(labels) labels"
        }
    }

    /// Whether the task is a classification (binary, multiclass or multi-label).
    public var isClassification: Bool { self != .regression }

    /// Whether each sample has one class (binary or multiclass): what a stratified split groups by.
    var hasOneClassPerSample: Bool {
        switch self {
        case .binary, .multiclass: return true
        case .regression, .multilabel: return false
        }
    }

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
    ///   (one-hot) → ``multiclass(classes:)`` with `k` classes; other rows of only 0 and 1
    ///   → ``multilabel(labels:)`` with `k` labels; anything else → ``regression``.
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
        switch ZeroOneRows.kind(values, rows: rows, width: width) {
        case .oneHot: return .multiclass(classes: width)
        case .zeroOne: return .multilabel(labels: width)
        case .other: return .regression
        }
    }
}

/// What rows of several label columns hold: one-hot rows, other rows of only 0 and 1, or
/// anything else (the first row that is neither, 1-based, for messages).
enum ZeroOneRows: Equatable {
    case oneHot
    case zeroOne(firstNotOneHot: Int)
    case other(firstRow: Int)

    static func kind(_ values: UnsafeBufferPointer<Float>, rows: Int, width: Int) -> ZeroOneRows {
        var firstNotOneHot: Int?
        for row in 0..<rows {
            var ones = 0
            for value in values[(row * width)..<((row + 1) * width)] {
                if value == 1 { ones += 1 } else if value != 0 { return .other(firstRow: row + 1) }
            }
            if ones != 1, firstNotOneHot == nil { firstNotOneHot = row + 1 }
        }
        return firstNotOneHot.map { .zeroOne(firstNotOneHot: $0) } ?? .oneHot
    }

    static func kind(_ labels: Tensor) -> ZeroOneRows {
        let rows = labels.rank == 0 ? 1 : labels.shape[0]
        let width = labels.count / Swift.max(rows, 1)
        return labels.withUnsafeBufferPointer { kind($0, rows: rows, width: width) }
    }
}
