/// How a data set's labels map to what a model outputs, made once from the training labels
/// and saved with the model, so that `predict` can give the original labels back.
///
/// Classes are the distinct label values, never sized by a value: labels 2 and 5 are a
/// binary task whose classes 0 and 1 stand for "2" and "5"; labels 1, 3 and 1,000,000 are
/// three classes. Numbers are ordered by value; text labels (``Dataset/classNames``) keep the
/// order the loader gave them (CSV sorts them).
///
/// - One label per sample, every value a whole number, exactly two distinct values: binary.
/// - One label per sample, whole numbers, at most ``LearningTask/maximumClasses`` distinct
///   values and no more than half the number of samples: multi-class, one index per value.
/// - Text labels (class names): binary for two names, multi-class for more.
/// - Several values per sample, each row one-hot: multi-class with one-hot targets.
/// - Anything else (fractions, many distinct values): regression, labels as they are.
/// - One distinct class only: an error, since there is nothing to tell apart.
///
/// ```swift
/// let encoding = try LabelEncoding(labels: Tensor([2, 5, 5, 2]))
/// encoding.task                        // .binary
/// try encoding.encode(Tensor([5, 2]))   // [1, 0]
/// encoding.className(1)                // "5"
/// ```
public struct LabelEncoding: Sendable, Equatable, Codable {
    /// The task the labels call for.
    public let task: LearningTask
    /// The name of each class, in index order ("2", "5"; "cat", "dog"); empty for regression.
    public let classNames: [String]
    /// The label value each class index stands for, when the labels are numbers; nil for text
    /// labels (already indices into ``classNames``) and for regression.
    public let classValues: [Float]?

    /// An encoding with the given classes.
    public init(task: LearningTask, classNames: [String], classValues: [Float]?) {
        self.task = task
        self.classNames = classNames
        self.classValues = classValues
    }

    /// The encoding the labels call for (see the rules above).
    ///
    /// - Parameters:
    ///   - labels: the labels, `[n]`, `[n, 1]` or `[n, k]`.
    ///   - classNames: the names of text labels, when `labels` are indices into them.
    ///   - source: how errors refer to the labels.
    /// - Throws: ``DataError`` when there is a single class, or when labels given as indices
    ///   into `classNames` are not.
    public init(labels: Tensor, classNames: [String]? = nil, source: String = "the labels") throws {
        let rows = labels.rank == 0 ? 0 : labels.shape[0]
        guard rows > 0 else { throw DataError(.empty, file: nil, "\(source): there are no labels") }
        let width = labels.count / rows
        if let classNames {
            guard width == 1 else {
                throw DataError(.invalidValue, file: nil, "\(source): class names go with one label per sample, got labels of shape \(labels.shape)")
            }
            try LabelEncoding.checkIndices(labels, classes: classNames.count, source: source)
            try self.init(classification: classNames, values: nil, source: source)
            return
        }
        if width > 1 {
            let oneHot = labels.withUnsafeBufferPointer { values in
                (0..<rows).allSatisfy { row in
                    let slice = values[(row * width)..<((row + 1) * width)]
                    return slice.allSatisfy { $0 == 0 || $0 == 1 } && slice.filter { $0 == 1 }.count == 1
                }
            }
            self.init(task: oneHot ? .multiclass(classes: width) : .regression,
                      classNames: oneHot ? (0..<width).map(String.init) : [], classValues: nil)
            return
        }
        guard let distinct = LabelEncoding.distinctWholeNumbers(labels, atMost: LearningTask.maximumClasses),
              distinct.count <= Swift.max(rows / 2, 2)
        else {
            self.init(task: .regression, classNames: [], classValues: nil)
            return
        }
        try self.init(classification: distinct.map(LabelEncoding.text), values: distinct, source: source)
    }

    private init(classification names: [String], values: [Float]?, source: String) throws {
        guard names.count >= 2 else {
            let only = names.first.map { " (\"\(ErrorText.cut($0, limit: 40))\")" } ?? ""
            throw DataError(
                .invalidValue, file: nil,
                "\(source): every sample has the same class\(only); a classifier needs at least two classes")
        }
        self.init(task: names.count == 2 ? .binary : .multiclass(classes: names.count), classNames: names, classValues: values)
    }

    /// The labels as the model learns them: class indices `[n]` for classification (from
    /// the original values), the labels unchanged for regression and one-hot rows.
    ///
    /// - Throws: ``DataError`` naming the first label that is not one of the classes.
    public func encode(_ labels: Tensor, source: String = "the labels") throws -> Tensor {
        guard let classValues else {
            if task.isClassification, classNames.count > 0, labels.count == (labels.rank == 0 ? 1 : labels.shape[0]) {
                try LabelEncoding.checkIndices(labels, classes: classNames.count, source: source)
            }
            return labels
        }
        let index = Dictionary(uniqueKeysWithValues: classValues.enumerated().map { ($1, Float($0)) })
        let rows = labels.rank == 0 ? 1 : labels.shape[0]
        guard labels.count == rows else {
            throw DataError(.invalidValue, file: nil, "\(source): expected one label per sample, got labels of shape \(labels.shape)")
        }
        var encoded = [Float](repeating: 0, count: rows)
        try labels.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                guard let position = index[values[row]] else {
                    throw DataError(
                        .invalidValue, file: nil,
                        "\(source): label \(LabelEncoding.text(values[row])) in row \(row + 1) is not one of the classes \(LabelEncoding.list(classNames))")
                }
                encoded[row] = position
            }
        }
        return Tensor(shape: [rows], scalars: encoded)
    }

    /// Whether the parts agree with each other: as many names as classes, one value per
    /// name, no value twice. A decoded encoding (from a model file) is checked with this.
    public var isConsistent: Bool {
        switch task {
        case .regression:
            return classNames.isEmpty && classValues == nil
        case .binary, .multiclass:
            let classes: Int
            if case .multiclass(let count) = task { classes = count } else { classes = 2 }
            guard classNames.count == classes else { return false }
            guard let classValues else { return true }
            return classValues.count == classes && Set(classValues).count == classes && classValues.allSatisfy(\.isFinite)
        }
    }

    /// The name of class `index` ("5" for the second class of labels 2 and 5).
    public func className(_ index: Int) -> String {
        classNames.indices.contains(index) ? classNames[index] : String(index)
    }

    /// The sorted distinct values of `labels` when every one is a finite whole number and
    /// there are at most `limit` of them; nil otherwise.
    static func distinctWholeNumbers(_ labels: Tensor, atMost limit: Int) -> [Float]? {
        labels.withUnsafeBufferPointer { values -> [Float]? in
            var distinct = Set<Float>()
            for value in values {
                guard value.isFinite, value == value.rounded() else { return nil }
                distinct.insert(value)
                if distinct.count > limit { return nil }
            }
            return distinct.sorted()
        }
    }

    private static func checkIndices(_ labels: Tensor, classes: Int, source: String) throws {
        let bad = labels.withUnsafeBufferPointer { values in
            values.firstIndex { !($0 >= 0 && $0 < Float(classes) && $0 == $0.rounded()) }
        }
        if let bad {
            let value = labels.withUnsafeBufferPointer { $0[bad] }
            throw DataError(
                .invalidValue, file: nil,
                "\(source): label \(text(value)) in row \(bad + 1) is not a class index 0..<\(classes)")
        }
    }

    /// "2" for 2.0, "-1.5" for -1.5: labels as a user wrote them.
    static func text(_ value: Float) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(10).map { ErrorText.cut($0, limit: 40) }.joined(separator: ", ")
        return names.count > 10 ? shown + ", … (\(names.count) in all)" : shown
    }
}

extension LearningTask: Codable {
    private enum CodingKeys: String, CodingKey { case kind, classes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "regression": self = .regression
        case "binary": self = .binary
        case "multiclass":
            let classes = try container.decode(Int.self, forKey: .classes)
            guard classes >= 2, classes <= 1 << 20 else {
                throw DecodingError.dataCorruptedError(forKey: .classes, in: container, debugDescription: "a class count must be 2 or more, got \(classes)")
            }
            self = .multiclass(classes: classes)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown task '\(other.prefix(40))'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .regression: try container.encode("regression", forKey: .kind)
        case .binary: try container.encode("binary", forKey: .kind)
        case .multiclass(let classes):
            try container.encode("multiclass", forKey: .kind)
            try container.encode(classes, forKey: .classes)
        }
    }
}
