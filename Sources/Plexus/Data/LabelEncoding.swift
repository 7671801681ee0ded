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
/// - Several values per sample, rows of 0 and 1 with any number of 1s: multi-label, one
///   yes-or-no per column (``LearningTask/multilabel(labels:)``).
/// - Several named columns (`classNames` holds one name per column, as ``CSV`` gives for
///   several label columns): multi-label with those names when every value is 0 or 1, one-hot
///   rows included; regression otherwise.
/// - Anything else (fractions, many distinct values): regression, labels as they are.
/// - One distinct class only: an error, since there is nothing to tell apart.
///
/// ```swift
/// let encoding = try LabelEncoding(labels: Tensor([2, 5, 5, 2]))
/// encoding.task                        // .binary
/// try encoding.encode(Tensor([5, 2]))   // [1, 0]
/// encoding.className(1)                // "5"
///
/// let pictures = try LabelEncoding(labels: Tensor([[1, 0, 1], [0, 1, 1]]), classNames: ["car", "bus", "pedestrian"])
/// pictures.task                        // .multilabel(labels: 3)
/// ```
public struct LabelEncoding: Sendable, Equatable, Codable {
    /// The task the labels call for.
    public let task: LearningTask
    /// The name of each class, in index order ("2", "5"; "cat", "dog"); for multi-label, the
    /// name of each label (column) in output order ("car", "bus"); empty for regression.
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
    ///   - classNames: the names of text labels, when `labels` are indices into them; or,
    ///     for labels `[n, k]` with `k > 1`, the names of the `k` label columns.
    ///   - source: how errors refer to the labels.
    /// - Throws: ``DataError`` when there is a single class, or when labels given as indices
    ///   into `classNames` are not.
    public init(labels: Tensor, classNames: [String]? = nil, source: String = "the labels") throws {
        let rows = labels.rank == 0 ? 0 : labels.shape[0]
        guard rows > 0 else { throw DataError(.empty, file: nil, "\(source): there are no labels") }
        let width = labels.count / rows
        if let classNames, width > 1, classNames.count == width {
            let zeroOne = ZeroOneRows.kind(labels)
            if case .other = zeroOne {
                self.init(task: .regression, classNames: [], classValues: nil)
            } else {
                self.init(task: .multilabel(labels: width), classNames: classNames, classValues: nil)
            }
            return
        }
        if let classNames {
            guard width == 1 else {
                throw DataError(
                    .invalidValue, file: nil, "\(source): class names go with one label per sample, got labels of shape \(labels.shape)")
            }
            try LabelEncoding.checkIndices(labels, classes: classNames.count, source: source)
            try self.init(classification: classNames, values: nil, source: source)
            return
        }
        if width > 1 {
            let names = (0..<width).map(String.init)
            switch ZeroOneRows.kind(labels) {
            case .oneHot: self.init(task: .multiclass(classes: width), classNames: names, classValues: nil)
            case .zeroOne: self.init(task: .multilabel(labels: width), classNames: names, classValues: nil)
            case .other: self.init(task: .regression, classNames: [], classValues: nil)
            }
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
    /// the original values), the labels unchanged for regression and one-hot rows, rows
    /// `[n, labels]` of 0 and 1 for multi-label.
    ///
    /// - Throws: ``DataError`` naming the first label that is not one of the classes, or for
    ///   multi-label the first row that is not as many 0s and 1s as there are labels.
    public func encode(_ labels: Tensor, source: String = "the labels") throws -> Tensor {
        if case .multilabel(let count) = task { return try encodeMultilabel(labels, count: count, source: source) }
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
                        "\(source): label \(LabelEncoding.text(values[row])) in row \(row + 1) is not one of the classes \(LabelEncoding.list(classNames))"
                    )
                }
                encoded[row] = position
            }
        }
        return Tensor(shape: [rows], scalars: encoded)
    }

    private func encodeMultilabel(_ labels: Tensor, count: Int, source: String) throws -> Tensor {
        let rows = labels.rank == 0 ? 1 : labels.shape[0]
        guard labels.count == rows * count else {
            throw DataError(
                .invalidValue, file: nil,
                "\(source): expected \(count) labels per sample (\(LabelEncoding.list(classNames))), got labels of shape \(labels.shape)")
        }
        let bad = labels.withUnsafeBufferPointer { values in values.firstIndex { $0 != 0 && $0 != 1 } }
        if let bad {
            let value = labels.withUnsafeBufferPointer { $0[bad] }
            throw DataError(
                .invalidValue, file: nil,
                "\(source): label \"\(ErrorText.cut(className(bad % count), limit: 40))\" in row \(bad / count + 1) is \(LabelEncoding.text(value)); multi-label labels are 0 or 1"
            )
        }
        return labels.reshaped([rows, count])
    }

    /// Whether the parts agree with each other: as many names as classes, one value per
    /// name, no value twice. A decoded encoding (from a model file) is checked with this.
    public var isConsistent: Bool {
        switch task {
        case .regression:
            return classNames.isEmpty && classValues == nil
        case .multilabel(let labels):
            return labels >= 1 && classNames.count == labels && classValues == nil
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
    private enum CodingKeys: String, CodingKey { case kind, classes, labels }

    /// Reads a task as a model file keeps it (`{"kind": "multiclass", "classes": 10}`), checking
    /// its counts: a file is not trusted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "regression": self = .regression
        case "binary": self = .binary
        case "multiclass":
            let classes = try container.decode(Int.self, forKey: .classes)
            guard classes >= 2, classes <= 1 << 20 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .classes, in: container, debugDescription: "a class count must be 2 or more, got \(classes)")
            }
            self = .multiclass(classes: classes)
        case "multilabel":
            let labels = try container.decode(Int.self, forKey: .labels)
            guard labels >= 1, labels <= 1 << 20 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .labels, in: container, debugDescription: "a label count must be 1 or more, got \(labels)")
            }
            self = .multilabel(labels: labels)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown task '\(other.prefix(40))'")
        }
    }

    /// Writes the task as a model file keeps it, such as `{"kind": "multiclass", "classes": 10}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .regression: try container.encode("regression", forKey: .kind)
        case .binary: try container.encode("binary", forKey: .kind)
        case .multiclass(let classes):
            try container.encode("multiclass", forKey: .kind)
            try container.encode(classes, forKey: .classes)
        case .multilabel(let labels):
            try container.encode("multilabel", forKey: .kind)
            try container.encode(labels, forKey: .labels)
        }
    }
}
