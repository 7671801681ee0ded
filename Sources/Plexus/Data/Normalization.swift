/// Feature scaling whose statistics come from one set of samples (the training part) and are
/// then applied, unchanged, to any other (validation, test, new data), so that no statistic
/// leaks from the test samples into training.
///
/// ```swift
/// let scaler = Normalization.fit(train.features, method: .standard)
/// train.features = scaler(train.features)
/// test.features = scaler(test.features)     // the training part's statistics
/// ```
///
/// Each feature (each element of a sample, so each pixel of an image) is mapped to
/// `(value - offset) / scale`. The statistics are public and plain numbers, so a saved model
/// can store them and scale new data the same way. A constant feature (zero spread) gets a
/// scale of 1 instead of 0, so it becomes 0 rather than a division by zero.
public struct Normalization: Sendable, Hashable, Codable {
    /// How the statistics are chosen.
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// `offset` = the minimum, `scale` = maximum − minimum: the fitted samples land in [0, 1].
        case minMax
        /// `offset` = the mean, `scale` = the standard deviation (population, dividing by n):
        /// the fitted samples get mean 0 and standard deviation 1.
        case standard
    }

    /// The method the statistics were fitted with.
    public let method: Method
    /// The value subtracted from each feature (its minimum or its mean).
    public let offset: [Float]
    /// The value each feature is divided by after the subtraction (its range or standard
    /// deviation; 1 for a constant feature). Never zero.
    public let scale: [Float]

    /// A normalization with known statistics, for example ones read back from a saved model.
    ///
    /// ```swift
    /// let restored = Normalization(method: .standard, offset: saved.offset, scale: saved.scale)
    /// ```
    /// - Precondition: `offset` and `scale` have the same length and no scale is zero.
    public init(method: Method, offset: [Float], scale: [Float]) {
        require(
            offset.count == scale.count,
            "a normalization needs one offset and one scale per feature, got \(offset.count) and \(scale.count)")
        require(!scale.contains(0), "a normalization's scale cannot be zero")
        self.method = method
        self.offset = offset
        self.scale = scale
    }

    /// The statistics of `features` (`[samples, features...]`), one pair per feature.
    ///
    /// ```swift
    /// let scaler = Normalization.fit(train.features, method: .minMax)
    /// ```
    /// - Precondition: `features` has at least one sample.
    public static func fit(_ features: Tensor, method: Method = .standard) -> Normalization {
        require(
            features.rank >= 1 && features.shape[0] > 0, "a normalization is fitted on at least one sample, got shape \(features.shape)")
        // One chunk: the same passes as over a data source, so both give the same numbers.
        return fit(rows: features.shape[0], width: features.count / features.shape[0], method: method) { _ in features }
    }

    /// The statistics of the rows of `source`, read a chunk of rows at a time in data order:
    /// the same numbers, bit for bit, as ``fit(_:method:)-(Tensor,_)`` on all the rows at once
    /// (standard scaling reads the rows twice: the mean, then the deviation).
    ///
    /// ```swift
    /// let scaler = try Normalization.fit(NPYFileSource("features.npy"))
    /// ```
    /// - Throws: what reading the source throws.
    /// - Precondition: `source` has at least one row.
    public static func fit(_ source: any DataSource, method: Method = .standard, chunkRows: Int = 4096) throws -> Normalization {
        require(source.count > 0 && chunkRows > 0, "a normalization is fitted on at least one sample, \(source.name) has none")
        let rows = source.count
        return try fit(rows: rows, width: source.sampleShape.reduce(1, *), method: method) { start in
            try source.batch(rows: Array(start..<Swift.min(start + chunkRows, rows)))
        }
    }

    /// The statistics of `rows` rows of `width` values, given as chunks of consecutive rows:
    /// `chunk(start)` returns the chunk that begins at row `start` (at least one row).
    /// Throws what `chunk` throws: nothing for a tensor already in memory.
    private static func fit<Failure: Error>(
        rows: Int, width: Int, method: Method, chunk: (Int) throws(Failure) -> Tensor
    ) throws(Failure) -> Normalization {
        /// Calls `body(row, values of that row's first value)` for every row, chunk by chunk.
        func eachRow(_ body: (UnsafeBufferPointer<Float>, Int) -> Void) throws(Failure) {
            var start = 0
            while start < rows {
                let part = try chunk(start)
                let count = part.shape[0]
                part.withUnsafeBufferPointer { values in
                    for row in 0..<count { body(values, row * width) }
                }
                start += count
            }
        }
        var offset = [Float](repeating: 0, count: width)
        var scale = [Float](repeating: 1, count: width)
        switch method {
        case .minMax:
            var low = [Float](repeating: 0, count: width), high = low
            var first = true
            try eachRow { values, base in
                if first {
                    for j in 0..<width { (low[j], high[j]) = (values[base + j], values[base + j]) }
                    first = false
                    return
                }
                for j in 0..<width {
                    let value = values[base + j]
                    if value < low[j] { low[j] = value }
                    if value > high[j] { high[j] = value }
                }
            }
            for j in 0..<width {
                offset[j] = low[j]
                let range = high[j] - low[j]
                scale[j] = range > 0 && range.isFinite ? range : 1
            }
        case .standard:
            var mean = [Double](repeating: 0, count: width)
            try eachRow { values, base in
                for j in 0..<width { mean[j] += Double(values[base + j]) }
            }
            for j in 0..<width { mean[j] /= Double(rows) }
            var variance = [Double](repeating: 0, count: width)
            try eachRow { values, base in
                for j in 0..<width {
                    let difference = Double(values[base + j]) - mean[j]
                    variance[j] += difference * difference
                }
            }
            for j in 0..<width {
                offset[j] = Float(mean[j])
                let deviation = Float((variance[j] / Double(rows)).squareRoot())
                scale[j] = deviation > 0 && deviation.isFinite ? deviation : 1
            }
        }
        return Normalization(method: method, offset: offset, scale: scale)
    }

    /// The number of features the statistics are for.
    public var featureCount: Int { offset.count }

    /// `features` scaled with these statistics: `(value - offset) / scale` per feature.
    ///
    /// ```swift
    /// let scaledTest = scaler(test.features)
    /// ```
    /// - Precondition: each sample of `features` has ``featureCount`` elements.
    public func callAsFunction(_ features: Tensor) -> Tensor {
        map(features) { value, j in (value - offset[j]) / scale[j] }
    }

    /// The inverse: scaled values back to the original units, `value × scale + offset`
    /// (for example, predictions of a regression target that was scaled).
    ///
    /// ```swift
    /// let prices = targetScaler.inverse(model.predict(x))
    /// ```
    public func inverse(_ scaled: Tensor) -> Tensor {
        map(scaled) { value, j in value * scale[j] + offset[j] }
    }

    private func map(_ input: Tensor, _ transform: (Float, Int) -> Float) -> Tensor {
        let rows = input.rank == 0 ? 1 : input.shape[0]
        let width = rows == 0 ? featureCount : input.count / rows
        require(
            width == featureCount,
            "this normalization was fitted on samples of \(featureCount) features, but samples of shape \(Array(input.shape.dropFirst())) have \(width)"
        )
        var output = Tensor(uninitializedShape: input.shape)
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                for row in 0..<rows {
                    let base = row * width
                    for j in 0..<width { destination[base + j] = transform(source[base + j], j) }
                }
            }
        }
        return output
    }
}

extension Dataset {
    /// The same data set with its features scaled by `normalization`.
    ///
    /// ```swift
    /// let scaler = Normalization.fit(train.features)
    /// let (scaledTrain, scaledTest) = (train.normalized(by: scaler), test.normalized(by: scaler))
    /// ```
    public func normalized(by normalization: Normalization) -> Dataset {
        var result = self
        result.features = normalization(features)
        return result
    }
}
