/// Standardizes each feature with a mean and variance taken from data by ``adapt(_:)``, as
/// Keras's `Normalization` layer; its type name in model files is "Normalization".
///
/// ```swift
/// let normalization = NormalizationLayer()
/// try normalization.adapt(train.x)                 // the training data only
/// let model = Sequential { normalization; Dense(25, activation: .relu); Dense(10) }
/// ```
///
/// `output = (input - mean) / max(sqrt(variance), 1e-7)`, Keras's formula with its
/// `epsilon()`, so a constant feature becomes 0 instead of a division by zero. With `invert`,
/// the layer undoes that instead, `output = mean + input * max(sqrt(variance), 1e-7)`: the last
/// layer of a model that predicts standardized targets, giving them back in their own units.
///
/// A feature is an index of the ``axes`` the layer keeps, as Keras numbers them (0 is the batch
/// axis, a negative axis counts from the end): the default `[-1]` standardizes each index of
/// the last axis (each channel of an image) over every other axis; `[1, 2, 3]` each element of
/// an image on its own. `adapt` takes the mean and the biased variance (divided by n) of each
/// feature over the axes it does not keep.
///
/// The weights, in Keras's `get_weights()` order, are `mean` and `variance` (the shape of the
/// kept axes) and `count` (a scalar), none trainable. Keras keeps `count` for older saved
/// models and leaves it 0; so does Plexus. Before `adapt` the layer passes inputs through (mean
/// 0, variance 1).
///
/// The Swift name avoids the ``Normalization`` struct, the model's own input scaling
/// (``Model/inputNormalization``), which is per element and also does min-max scaling;
/// this layer is Keras's standardization, a layer of the model like any other.
public final class NormalizationLayer: Layer, AdaptableLayer {
    /// Keras's `backend.epsilon()`: the smallest deviation divided by.
    public static let epsilon: Float = 1e-7

    public var name: String
    public static let typeName = "Normalization"

    /// The axes whose every index has its own mean and variance, as Keras numbers them (0 is
    /// the batch axis; negative counts from the end).
    public let axes: [Int]
    /// Whether the layer undoes the standardization (`mean + input * deviation`).
    public let invert: Bool

    /// Each feature's mean, shaped as the kept axes; nil until built.
    public private(set) var mean: Parameter?
    /// Each feature's variance, shaped as the kept axes; nil until built.
    public private(set) var variance: Parameter?
    /// Keras's legacy `count` weight, a scalar kept at 0; nil until built.
    public private(set) var count: Parameter?

    /// A normalization to be adapted to data, keeping the statistics of `axes` (Keras's
    /// `axis`), standardizing or, with `invert`, undoing a standardization.
    ///
    /// ```swift
    /// NormalizationLayer(axes: [1, 2, 3])       // each pixel of each channel on its own
    /// NormalizationLayer(invert: true)          // standardized outputs back to their units
    /// ```
    /// - Precondition: `axes` is not empty and does not hold the batch axis 0.
    public init(axes: [Int] = [-1], invert: Bool = false, name: String = "normalization") {
        require(
            !axes.isEmpty && !axes.contains(0),
            "Normalization '\(name)' keeps statistics along sample axes (1, 2, ... or -1, -2, ...), got \(axes)")
        self.axes = axes
        self.invert = invert
        self.name = name
    }

    public var parameters: [Parameter] { [mean, variance, count].compactMap { $0 } }
    public var isBuilt: Bool { mean != nil }

    /// The number of features it was built for (the product of the kept axes' sizes); nil until built.
    public var featureCount: Int? { mean?.value.count }

    /// The kept axes as indices into a sample of `rank` axes (the batch axis removed), in
    /// order; nil when one falls outside the sample or two name the same axis.
    func keptAxes(sampleRank rank: Int) -> [Int]? {
        let resolved = axes.map { $0 < 0 ? $0 + rank : $0 - 1 }
        guard resolved.allSatisfy({ $0 >= 0 && $0 < rank }), Set(resolved).count == resolved.count else { return nil }
        return resolved.sorted()
    }

    /// The shape of the statistics for samples of `sampleShape`, and the shape they take to
    /// broadcast against a sample (1 along the axes not kept).
    private func statisticsLayout(_ sampleShape: [Int]) throws -> (statistics: [Int], broadcast: [Int]) {
        guard let kept = keptAxes(sampleRank: sampleShape.count) else {
            throw ArchitectureError(
                .shapeMismatch, "Normalization keeps axes \(axes), which samples of shape \(sampleShape) do not all have")
        }
        let statistics = kept.map { sampleShape[$0] }
        if let mean, mean.value.shape != statistics {
            throw ArchitectureError(.shapeMismatch, "it was built for statistics of shape \(mean.value.shape), not \(statistics)")
        }
        return (statistics, sampleShape.indices.map { kept.contains($0) ? sampleShape[$0] : 1 })
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        do {
            buildParameters(shape: try statisticsLayout(inputShape).statistics)
        } catch {
            fatalError("Normalization '\(name)': \(error)")
        }
    }

    private func buildParameters(shape: [Int]) {
        guard mean == nil else { return }
        mean = Parameter(Tensor.zeros(shape), name: "mean", isTrainable: false)
        variance = Parameter(Tensor(shape: shape, repeating: 1), name: "variance", isTrainable: false)
        count = Parameter(Tensor.zeros([]), name: "count", isTrainable: false)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        _ = try statisticsLayout(inputShape)
        return inputShape
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        let shape = try statisticsLayout(inputShape).statistics
        return [ParameterShape("mean", shape), ParameterShape("variance", shape), ParameterShape("count", [])]
    }

    public func adapt(_ data: Tensor) throws {
        let sampleShape = Array(data.shape.dropFirst())
        guard data.rank >= 2, data.shape[0] > 0, data.count > 0 else {
            throw TrainingError(
                .emptyData, "Normalization '\(name)' adapts to a batch of samples with a feature axis, got shape \(data.shape)")
        }
        let layout: (statistics: [Int], broadcast: [Int])
        do {
            layout = try statisticsLayout(sampleShape)
        } catch let error as ArchitectureError {
            throw TrainingError(.shapeMismatch, "Normalization '\(name)' cannot adapt to data of shape \(data.shape): \(error.description)")
        }
        if let position = data.withUnsafeBufferPointer({ $0.firstIndex { !$0.isFinite } }) {
            throw TrainingError(
                .nonFiniteValue,
                "Normalization '\(name)' cannot adapt to a non-finite value (at element \(position) of data of shape \(data.shape))")
        }
        let (means, variances) = NormalizationLayer.statistics(data, broadcast: layout.broadcast)
        buildParameters(shape: layout.statistics)
        mean?.value = Tensor(shape: layout.statistics, scalars: means)
        variance?.value = Tensor(shape: layout.statistics, scalars: variances)
    }

    /// Each feature's mean and biased variance over the samples of `data` and the axes the
    /// feature does not keep (`broadcast`: a sample's shape with 1 along those axes), summed in
    /// Double in two passes (millions of pixels would lose digits in a Float sum).
    static func statistics(_ data: Tensor, broadcast: [Int]) -> (mean: [Float], variance: [Float]) {
        let features = broadcast.reduce(1, *)
        let sampleShape = Array(data.shape.dropFirst())
        let perSample = sampleShape.reduce(1, *)
        // The feature of each element of a sample: its index along the kept axes only.
        var featureOf = [Int](repeating: 0, count: perSample)
        for element in 0..<perSample {
            var rest = element, feature = 0, stride = 1
            for axis in sampleShape.indices.reversed() {
                let index = rest % sampleShape[axis]
                rest /= sampleShape[axis]
                if broadcast[axis] != 1 {
                    feature += index * stride
                    stride *= broadcast[axis]
                }
            }
            featureOf[element] = feature
        }
        let samples = data.count / Swift.max(perSample, 1)
        let perFeature = Double(data.count / features)
        var sums = [Double](repeating: 0, count: features), squares = sums
        data.withUnsafeBufferPointer { values in
            for sample in 0..<samples {
                for element in 0..<perSample { sums[featureOf[element]] += Double(values[sample * perSample + element]) }
            }
            for j in 0..<features { sums[j] /= perFeature }
            for sample in 0..<samples {
                for element in 0..<perSample {
                    let difference = Double(values[sample * perSample + element]) - sums[featureOf[element]]
                    squares[featureOf[element]] += difference * difference
                }
            }
        }
        return (sums.map { Float($0) }, squares.map { Float($0 / perFeature) })
    }

    /// `max(sqrt(variance), epsilon)` per feature: what the centred inputs are divided by.
    var deviations: Tensor? {
        variance.map { variance in
            Tensor(shape: variance.value.shape, scalars: variance.value.scalars.map { Swift.max($0.squareRoot(), Self.epsilon) })
        }
    }

    /// The mean and the deviations shaped to broadcast against samples of `sampleShape`.
    func broadcastStatistics(sampleShape: [Int]) throws -> (mean: Tensor, deviation: Tensor)? {
        guard let mean, let deviations else { return nil }
        let broadcast = try statisticsLayout(sampleShape).broadcast
        return (mean.value.reshaped(broadcast), deviations.reshaped(broadcast))
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard isBuilt else { fatalError("Normalization '\(name)' is used before it is built") }
        let statistics: (mean: Tensor, deviation: Tensor)
        do {
            require(input.rank >= 2, "Normalization '\(name)' expects a batch of samples, got shape \(input.shape)")
            statistics = try broadcastStatistics(sampleShape: Array(input.shape.dropFirst()))!
        } catch {
            fatalError("Normalization '\(name)' does not fit inputs of shape \(input.shape): \(error)")
        }
        return invert ? statistics.mean + input * statistics.deviation : (input - statistics.mean) / statistics.deviation
    }
}

// MARK: Description

extension NormalizationLayer: RegisteredLayer {
    public static let specificationKeywords = ["normalization"]
    public static let specificationUsage = "normalization (first: adapted to the training data, feature by feature)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("axis", axes)
        settings.set("invert", invert)
        return settings
    }

    /// `axis` (one axis or a list, Keras's default -1) and `invert` (default false).
    public convenience init(settings: LayerSettings, name: String) throws {
        let axes: [Int]
        switch settings.values["axis"] {
        case nil: axes = [-1]
        case .null?:
            throw LayerSettingsError("axis", "None (one mean and variance for every value) is not supported; keep an axis, such as -1")
        case .array?: axes = try settings.ints("axis") ?? [-1]
        default: axes = [try settings.int("axis") ?? -1]
        }
        guard !axes.isEmpty, !axes.contains(0) else {
            throw LayerSettingsError("axis", "must name sample axes (1, 2, ... or -1, -2, ...), not the batch axis 0, got \(axes)")
        }
        self.init(axes: axes, invert: try settings.bool("invert", default: false), name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> NormalizationLayer {
        try entry.expectParts(1, usage: "normalization, with no settings")
        return NormalizationLayer()
    }
}

extension NormalizationLayer: ONNXExportable {
    /// `Sub` of the means and `Div` by `max(sqrt(variance), 1e-7)` (with `invert`, `Mul` by the
    /// deviations and `Add` of the means), constants shaped to broadcast against a
    /// channels-last sample.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        guard let statistics = try broadcastStatistics(sampleShape: export.inputShape) else {
            throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built")
        }
        let mean = export.graph.constant("\(name).mean", statistics.mean)
        let deviation = export.graph.constant("\(name).deviation", statistics.deviation)
        if invert {
            export.apply("Mul", [deviation])
            export.apply("Add", [mean])
        } else {
            export.apply("Sub", [mean])
            export.apply("Div", [deviation])
        }
    }
}
