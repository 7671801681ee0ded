/// Samples and their labels, with what is known about them: the names of the features and of
/// the classes, and the shape of an image when the samples are images.
///
/// ```swift
/// let digits = try Datasets.digits()                      // 1797 samples of 64 pixels
/// let (train, test) = digits.split(testFraction: 0.2, seed: 42)
/// try model.fit(train.x, train.y, epochs: 40)
/// ```
///
/// Row `i` of ``features`` goes with entry `i` of ``labels``. Labels of a classification task
/// are class indices `0, 1, ...` (shape `[count]`), as sparse categorical cross-entropy and
/// binary cross-entropy take them; regression targets are numbers, shape `[count]` or
/// `[count, outputs]`.
public struct Dataset: Sendable {
    /// A short name for messages and summaries, such as `"digits"` or a file's name.
    public var name: String
    /// The samples, `[count, features...]`.
    public var features: Tensor
    /// The labels or targets, `[count]` or `[count, ...]`.
    public var labels: Tensor
    /// The name of each feature column (for tabular data), when known.
    public var featureNames: [String]?
    /// The name of each class, in class-index order, when known; for labels from several
    /// columns (`[count, k]`, as ``CSV/load(_:labelColumns:delimiter:)`` gives), the name
    /// of each label column.
    public var classNames: [String]?
    /// The shape of one sample as an image, `[height, width, channels]`, when the samples are
    /// images: reshape a sample to it to draw it or to feed a convolution.
    public var imageShape: [Int]?

    /// A data set of the given samples and labels.
    ///
    /// ```swift
    /// let data = Dataset(features: Tensor([[0, 1], [1, 0]]), labels: Tensor([1, 0]))
    /// ```
    ///
    /// - Precondition: both tensors have a first axis of the same length, and each name list
    ///   fits what it names.
    public init(
        name: String = "dataset", features: Tensor, labels: Tensor, featureNames: [String]? = nil,
        classNames: [String]? = nil, imageShape: [Int]? = nil
    ) {
        require(features.rank >= 1, "a data set's features need a first (sample) axis, got shape \(features.shape)")
        require(
            labels.rank >= 1 && labels.shape[0] == features.shape[0],
            "features and labels must have one row per sample: features \(features.shape), labels \(labels.shape)")
        if let featureNames {
            require(
                featureNames.count == features.shape.dropFirst().reduce(1, *),
                "\(featureNames.count) feature names for samples of shape \(Array(features.shape.dropFirst()))")
        }
        if let imageShape {
            require(
                imageShape.reduce(1, *) == features.shape.dropFirst().reduce(1, *),
                "image shape \(imageShape) does not fit samples of shape \(Array(features.shape.dropFirst()))")
        }
        self.name = name
        self.features = features
        self.labels = labels
        self.featureNames = featureNames
        self.classNames = classNames
        self.imageShape = imageShape
    }

    /// The number of samples.
    public var count: Int { features.shape[0] }

    /// The samples, ``features`` under the name `fit` and Keras use.
    public var x: Tensor { features }
    /// The labels, ``labels`` under the name `fit` and Keras use.
    public var y: Tensor { labels }

    /// The shape of one sample (`[64]` for the digits, `[28, 28, 1]` for Fashion-MNIST).
    public var sampleShape: [Int] { Array(features.shape.dropFirst()) }

    /// The samples at `indices`, in that order, with the same names.
    ///
    /// ```swift
    /// let firstTen = digits.selecting(rows: Array(0..<10))
    /// ```
    /// - Precondition: every index is in `0..<count`.
    public func selecting(rows indices: [Int]) -> Dataset {
        var result = self
        result.features = features.gatheringRows(indices)
        result.labels = labels.gatheringRows(indices)
        return result
    }

    /// The same samples in a random order fixed by `seed`; features and labels stay paired.
    ///
    /// ```swift
    /// let mixed = digits.shuffled(seed: 7)
    /// ```
    public func shuffled(seed: UInt64) -> Dataset {
        var generator = RandomGenerator(seed: seed)
        return selecting(rows: generator.permutation(count))
    }

    /// The samples in mini-batches of `size` (the last one smaller when `size` does not divide
    /// ``count``), in order; shuffle first for a random order.
    ///
    /// ```swift
    /// for (x, y) in train.shuffled(seed: epoch).batches(size: 32) { ... }
    /// ```
    /// - Precondition: `size > 0`.
    public func batches(size: Int) -> DatasetBatches {
        require(size > 0, "a batch size must be at least 1, got \(size)")
        return DatasetBatches(features: features, labels: labels, size: size)
    }

    /// The same data set with its features changed by `transform` (for example a fitted
    /// ``Normalization``, or `{ $0 / 255 }`); the transform must keep one row per sample.
    ///
    /// ```swift
    /// let scaled = fashion.mappingFeatures { $0 / 255 }
    /// ```
    public func mappingFeatures(_ transform: (Tensor) throws -> Tensor) rethrows -> Dataset {
        var result = self
        let changed = try transform(features)
        require(
            changed.rank >= 1 && changed.shape[0] == count,
            "mappingFeatures must keep one row per sample: \(features.shape) became \(changed.shape)")
        if changed.shape != features.shape { result.imageShape = nil }
        result.features = changed
        return result
    }

    /// The same data set with its class-index labels replaced by one-hot rows of `classes`
    /// columns (for categorical cross-entropy, which takes probabilities).
    ///
    /// ```swift
    /// let encoded = digits.oneHotLabels(classes: 10)   // labels [1797, 10]
    /// ```
    /// - Precondition: every label is an integer in `0..<classes`.
    public func oneHotLabels(classes: Int) -> Dataset {
        var result = self
        result.labels = Dataset.oneHot(labels, classes: classes)
        return result
    }

    /// One-hot rows for class indices: `[n]` (or `[n, 1]`) labels become `[n, classes]`, with a
    /// 1 in the column of each label and 0 elsewhere.
    ///
    /// ```swift
    /// Dataset.oneHot(Tensor([2, 0]), classes: 3)   // [[0, 0, 1], [1, 0, 0]]
    /// ```
    /// - Precondition: every label is an integer in `0..<classes`.
    public static func oneHot(_ labels: Tensor, classes: Int) -> Tensor {
        require(classes > 0, "one-hot encoding needs at least one class, got \(classes)")
        let rows = labels.rank == 0 ? 1 : labels.shape[0]
        require(
            labels.count == rows,
            "one-hot encoding takes one class index per row ([n] or [n, 1]), got labels of shape \(labels.shape)")
        var scalars = [Float](repeating: 0, count: rows * classes)
        labels.withUnsafeBufferPointer { values in
            for (row, value) in values.enumerated() {
                require(
                    value >= 0 && value < Float(classes) && value == value.rounded(),
                    "label \(value) in row \(row) is not a class index in 0..<\(classes)")
                scalars[row * classes + Int(value)] = 1
            }
        }
        return Tensor(shape: [rows, classes], scalars: scalars)
    }

    /// What kind of task the labels call for: with ``classNames``, a classification into
    /// that many classes (``LearningTask/binary`` for two), or with one name per label column
    /// multi-label (0s and 1s) or regression; otherwise the guess of
    /// ``LearningTask/guess(from:)`` from the label values.
    ///
    /// ```swift
    /// try Datasets.digits().task          // .multiclass(classes: 10)
    /// ```
    public var task: LearningTask {
        if let classNames, labels.count == count {
            return classNames.count == 2 ? .binary : .multiclass(classes: classNames.count)
        }
        if let classNames, classNames.count > 1, labels.count == count * classNames.count {
            if case .other = ZeroOneRows.kind(labels) { return .regression }
            return .multilabel(labels: classNames.count)
        }
        return LearningTask.guess(from: labels)
    }
}

/// The mini-batches of a data set, as `(x, y)` pairs of tensors, in order.
///
/// ```swift
/// for (x, y) in train.batches(size: 32) { print(x.shape, y.shape) }
/// ```
public struct DatasetBatches: Sequence, Sendable {
    let features: Tensor
    let labels: Tensor
    /// The number of samples per batch (the last batch may have fewer).
    public let size: Int

    /// The number of batches: the sample count divided by ``size``, rounded up.
    public var count: Int { (features.shape[0] + size - 1) / size }

    /// The number of batches, exactly (see ``count``).
    public var underestimatedCount: Int { count }

    /// An iterator over the batches, from the first.
    public func makeIterator() -> Iterator {
        Iterator(batches: self, start: 0)
    }

    /// Steps through the batches.
    public struct Iterator: IteratorProtocol, Sendable {
        let batches: DatasetBatches
        var start: Int

        /// The next batch of samples and labels, or nil after the last.
        public mutating func next() -> (x: Tensor, y: Tensor)? {
            let rows = batches.features.shape[0]
            guard start < rows else { return nil }
            let end = Swift.min(start + batches.size, rows)
            defer { start = end }
            return (batches.features.rows(start..<end), batches.labels.rows(start..<end))
        }
    }
}
