/// Standardizes each feature (each index of the last axis) with a mean and variance taken from
/// data by ``adapt(_:)``, as Keras's `Normalization` layer (default `axis=-1`); its type name
/// in model files is "Normalization".
///
/// ```swift
/// let normalization = NormalizationLayer()
/// try normalization.adapt(train.x)                 // the training data only
/// let model = Sequential { normalization; Dense(25, activation: .relu); Dense(10) }
/// ```
///
/// `output = (input - mean) / max(sqrt(variance), 1e-7)`, Keras's formula with its
/// `epsilon()`, so a constant feature becomes 0 instead of a division by zero. `adapt` takes
/// the mean and the biased variance (divided by n) of each feature over every other axis.
///
/// The weights, in Keras's `get_weights()` order, are `mean` and `variance` (`[features]`) and
/// `count` (a scalar), none trainable. Keras keeps `count` for older saved models and leaves it
/// 0; so does Plexus. Before `adapt` the layer passes inputs through (mean 0, variance 1).
///
/// The Swift name avoids the ``Normalization`` struct, the model's own input scaling
/// (``Model/inputNormalization``), which is per element and also does min-max scaling;
/// this layer is Keras's per-feature standardization, a layer of the model like any other.
public final class NormalizationLayer: Layer, AdaptableLayer {
    /// Keras's `backend.epsilon()`: the smallest deviation divided by.
    public static let epsilon: Float = 1e-7

    public var name: String
    public static let typeName = "Normalization"

    /// Each feature's mean, `[features]`; nil until built.
    public private(set) var mean: Parameter?
    /// Each feature's variance, `[features]`; nil until built.
    public private(set) var variance: Parameter?
    /// Keras's legacy `count` weight, a scalar kept at 0; nil until built.
    public private(set) var count: Parameter?

    /// A normalization to be adapted to data.
    public init(name: String = "normalization") {
        self.name = name
    }

    public var parameters: [Parameter] { [mean, variance, count].compactMap { $0 } }
    public var isBuilt: Bool { mean != nil }

    /// The number of features it was built for; nil until built.
    public var featureCount: Int? { mean?.value.count }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        require(!inputShape.isEmpty, "Normalization '\(name)' needs inputs with a feature axis, got input shape \(inputShape)")
        buildParameters(features: inputShape[inputShape.count - 1])
    }

    private func buildParameters(features: Int) {
        if let featureCount {
            require(featureCount == features, "Normalization '\(name)' was built for \(featureCount) features, got \(features)")
            return
        }
        mean = Parameter(Tensor.zeros([features]), name: "mean", isTrainable: false)
        variance = Parameter(Tensor(shape: [features], repeating: 1), name: "variance", isTrainable: false)
        count = Parameter(Tensor.zeros([]), name: "count", isTrainable: false)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard let features = inputShape.last else {
            throw ArchitectureError(.shapeMismatch, "Normalization needs inputs with a feature axis")
        }
        if let featureCount, featureCount != features {
            throw ArchitectureError(.shapeMismatch, "it was built for \(featureCount) features")
        }
        return inputShape
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        let features = try outputShape(forInputShape: inputShape).last!
        return [ParameterShape("mean", [features]), ParameterShape("variance", [features]), ParameterShape("count", [])]
    }

    public func adapt(_ data: Tensor) throws {
        guard data.rank >= 2, data.shape[0] > 0, data.count > 0 else {
            throw TrainingError(
                .emptyData, "Normalization '\(name)' adapts to a batch of samples with a feature axis, got shape \(data.shape)")
        }
        let features = data.shape[data.rank - 1]
        if let featureCount, featureCount != features {
            throw TrainingError(
                .shapeMismatch, "Normalization '\(name)' was built for \(featureCount) features, but the data has shape \(data.shape)")
        }
        if let position = data.withUnsafeBufferPointer({ $0.firstIndex { !$0.isFinite } }) {
            throw TrainingError(
                .nonFiniteValue,
                "Normalization '\(name)' cannot adapt to a non-finite value (at element \(position) of data of shape \(data.shape))")
        }
        let (means, variances) = NormalizationLayer.statistics(data, features: features)
        buildParameters(features: features)
        mean?.value = Tensor(shape: [features], scalars: means)
        variance?.value = Tensor(shape: [features], scalars: variances)
    }

    /// Each feature's mean and biased variance over all rows of `data` seen as `[rows, features]`,
    /// summed in Double in two passes (millions of pixels would lose digits in a Float sum).
    static func statistics(_ data: Tensor, features: Int) -> (mean: [Float], variance: [Float]) {
        let rows = data.count / features
        var sums = [Double](repeating: 0, count: features), squares = sums
        data.withUnsafeBufferPointer { values in
            for row in 0..<rows {
                for j in 0..<features { sums[j] += Double(values[row * features + j]) }
            }
            for j in 0..<features { sums[j] /= Double(rows) }
            for row in 0..<rows {
                for j in 0..<features {
                    let difference = Double(values[row * features + j]) - sums[j]
                    squares[j] += difference * difference
                }
            }
        }
        return (sums.map { Float($0) }, squares.map { Float($0 / Double(rows)) })
    }

    /// `max(sqrt(variance), epsilon)` per feature: what the centred inputs are divided by.
    var deviations: Tensor? {
        variance.map { variance in
            Tensor(shape: variance.value.shape, scalars: variance.value.scalars.map { Swift.max($0.squareRoot(), Self.epsilon) })
        }
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let mean, let deviations else { fatalError("Normalization '\(name)' is used before it is built") }
        require(
            input.rank >= 2 && input.shape[input.rank - 1] == mean.value.count,
            "Normalization '\(name)' expects inputs with \(mean.value.count) features on the last axis, got \(input.shape)")
        return (input - mean.value) / deviations
    }
}

// MARK: Description

extension NormalizationLayer: RegisteredLayer {
    public static let specificationKeywords = ["normalization"]
    public static let specificationUsage = "normalization (first: adapted to the training data, feature by feature)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("axis", -1)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        if let axis = try settings.int("axis"), axis != -1 {
            throw LayerSettingsError("axis", "must be -1 (Plexus normalizes the last axis), got \(axis)")
        }
        self.init(name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> NormalizationLayer {
        try entry.expectParts(1, usage: "normalization, with no settings")
        return NormalizationLayer()
    }
}

extension NormalizationLayer: ONNXExportable {
    /// `Sub` of the means and `Div` by `max(sqrt(variance), 1e-7)`, both `[features]` constants
    /// broadcast along the last axis (so on channels-last data).
    func exportONNX(to export: inout ONNXLayerExport) throws {
        guard let deviations, let mean = export.weight("mean") else {
            throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built")
        }
        export.toChannelsLast()
        export.apply("Sub", [mean])
        export.apply("Div", [export.graph.constant("\(name).deviation", deviations)])
    }
}
