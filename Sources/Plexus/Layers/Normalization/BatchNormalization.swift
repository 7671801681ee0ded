/// Normalizes each channel (the last axis) with the statistics of the batch in training and
/// with their moving averages at inference, then scales and shifts it: Keras 3's
/// `BatchNormalization(axis=-1)`.
///
/// On inputs seen as `[rows, channels]` (every axis but the last folded into rows, so images
/// `[batch, height, width, channels]` are normalized per channel over the batch and all
/// positions):
///
/// ```text
/// training (fit, trainOnBatch):   mean = mean of x over the rows
///                                 variance = mean of (x - mean)^2 over the rows (biased)
///                                 moving_mean     = moving_mean * momentum + mean * (1 - momentum)
///                                 moving_variance = moving_variance * momentum + variance * (1 - momentum)
/// inference (predict, evaluate):  mean = moving_mean, variance = moving_variance
/// both:                           y = gamma * (x - mean) / sqrt(variance + epsilon) + beta
/// ```
///
/// The moving averages are updated by every forward pass in training mode (`fit`,
/// `trainOnBatch`, or `model(x, training: true)` in a loop of your own), as Keras's layer
/// updates them in its `call`. In training the gradient flows through the batch statistics.
///
/// Weights, in Keras's `get_weights()` order: `gamma` (starts at 1; absent with
/// `scale: false`), `beta` (starts at 0; absent with `center: false`), `moving_mean` (0) and
/// `moving_variance` (1), each `[channels]`. The moving statistics are not trainable
/// (``Parameter/isTrainable`` is false): no optimizer changes them, but they are saved,
/// loaded, exported and imported with the others.
///
/// ```swift
/// let model = Sequential {
///     Conv2D(32, 3)
///     BatchNormalization()
///     ActivationLayer(.relu)
/// }
/// ```
///
/// PyTorch's `BatchNorm1d`/`BatchNorm2d` hold the same four tensors (`weight`, `bias`,
/// `running_mean`, `running_var`) and import as they are (their `num_batches_tracked` is
/// skipped). Only the weights come over, not PyTorch's settings, which differ: PyTorch's
/// `momentum` is the share given to the batch (its default 0.1 is `momentum: 0.9` here), its
/// epsilon defaults to 1e-5, and it updates `running_var` with the unbiased batch variance.
/// Give `BatchNormalization(momentum: 0.9, epsilon: 1e-5)` for PyTorch's inference numbers.
public final class BatchNormalization: Layer {
    /// The share of the moving statistics kept at each training batch (0.99: they move 1% of
    /// the way to the batch's).
    public let momentum: Float
    /// Added to the variance before its square root.
    public let epsilon: Float
    /// Whether the layer adds `beta` after normalizing.
    public let center: Bool
    /// Whether the layer multiplies by `gamma` after normalizing.
    public let scale: Bool
    public var name: String
    public static let typeName = "BatchNormalization"

    /// The scale per channel, `[channels]`; nil until built or with `scale: false`.
    public private(set) var gamma: Parameter?
    /// The offset per channel, `[channels]`; nil until built or with `center: false`.
    public private(set) var beta: Parameter?
    /// The moving mean per channel, `[channels]`, not trainable; nil until built.
    public private(set) var movingMean: Parameter?
    /// The moving (biased) variance per channel, `[channels]`, not trainable; nil until built.
    public private(set) var movingVariance: Parameter?

    /// A batch normalization over the last axis, with Keras's defaults.
    ///
    /// - Parameters:
    ///   - momentum: in [0, 1]; the share of the moving statistics kept at each training batch.
    ///   - epsilon: above 0; added to the variance.
    ///   - center: learn an offset per channel (`beta`).
    ///   - scale: learn a factor per channel (`gamma`).
    ///   - name: the layer's name in summaries and model files.
    public init(
        momentum: Float = 0.99, epsilon: Float = 1e-3, center: Bool = true, scale: Bool = true, name: String = "batch_normalization"
    ) {
        require(momentum >= 0 && momentum <= 1, "BatchNormalization momentum must be in [0, 1], got \(momentum)")
        require(epsilon > 0 && epsilon.isFinite, "BatchNormalization epsilon must be a positive number, got \(epsilon)")
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }
    public var isBuilt: Bool { movingMean != nil }

    /// The number of channels it was built for; nil until built.
    public var channels: Int? { movingMean?.value.count }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        require(!inputShape.isEmpty, "BatchNormalization '\(name)' needs inputs with a channel axis, got input shape \(inputShape)")
        let width = inputShape[inputShape.count - 1]
        if let channels {
            require(channels == width, "BatchNormalization '\(name)' was built for \(channels) channels, got input shape \(inputShape)")
            return
        }
        if scale { gamma = Parameter(Tensor.ones([width]), name: "gamma") }
        if center { beta = Parameter(Tensor.zeros([width]), name: "beta") }
        movingMean = Parameter(Tensor.zeros([width]), name: "moving_mean", isTrainable: false)
        movingVariance = Parameter(Tensor.ones([width]), name: "moving_variance", isTrainable: false)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard let width = inputShape.last else {
            throw ArchitectureError(
                .shapeMismatch,
                "BatchNormalization needs inputs with a channel axis (it normalizes the last axis), got a single number per sample")
        }
        if let channels, channels != width {
            throw ArchitectureError(.shapeMismatch, "it was built for \(channels) channels")
        }
        return inputShape
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        _ = try outputShape(forInputShape: inputShape)
        let width = [inputShape[inputShape.count - 1]]
        return (scale ? [ParameterShape("gamma", width)] : []) + (center ? [ParameterShape("beta", width)] : [])
            + [ParameterShape("moving_mean", width), ParameterShape("moving_variance", width)]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let movingMean, let movingVariance else { fatalError("BatchNormalization '\(name)' is used before it is built") }
        let channels = movingMean.value.count
        require(
            input.rank >= 2 && input.shape[input.rank - 1] == channels,
            "BatchNormalization '\(name)' expects inputs of shape [batch, ..., \(channels)], got \(input.shape)")
        let mean: [Float], variance: [Float]
        if training {
            let moments = ChannelMoments(input, channels: channels)
            (mean, variance) = (moments.mean, moments.variance)
            movingMean.value = BatchNormalization.movingAverage(movingMean.value, mean, momentum: momentum)
            movingVariance.value = BatchNormalization.movingAverage(movingVariance.value, variance, momentum: momentum)
        } else {
            (mean, variance) = (movingMean.value.scalars, movingVariance.value.scalars)
        }
        return BatchNormalization.normalize(
            input, mean: mean, variance: variance, gamma: gamma?.tensor, beta: beta?.tensor, epsilon: epsilon,
            throughStatistics: training)
    }

    /// `average * momentum + batch * (1 - momentum)`, Keras's update of a moving statistic.
    static func movingAverage(_ average: Tensor, _ batch: [Float], momentum: Float) -> Tensor {
        Tensor(shape: average.shape, scalars: zip(average.scalars, batch).map { $0 * momentum + $1 * (1 - momentum) })
    }

    /// The normalization as an affine map per channel, `y = x * scale + shift`, with
    /// `inverse = 1 / sqrt(variance + epsilon)`, `scale = gamma * inverse` and
    /// `shift = beta - mean * scale` (gamma 1 and beta 0 when absent).
    static func affine(
        mean: [Float], variance: [Float], gamma: Tensor?, beta: Tensor?, epsilon: Float
    ) -> (inverse: [Float], scale: [Float], shift: [Float]) {
        let channels = mean.count
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let gammaValues = gamma?.scalars ?? [Float](repeating: 1, count: channels)
        let betaValues = beta?.scalars ?? [Float](repeating: 0, count: channels)
        let scale = zip(gammaValues, inverse).map { $0 * $1 }
        return (inverse, scale, (0..<channels).map { betaValues[$0] - mean[$0] * scale[$0] })
    }

    /// `gamma * (x - mean) / sqrt(variance + epsilon) + beta` per channel, as one recorded
    /// operation. Computed as TensorFlow does: `x * s + (beta - mean * s)` with
    /// `s = gamma / sqrt(variance + epsilon)`.
    ///
    /// With `throughStatistics` (training), mean and variance are the batch's own and the input
    /// gradient goes through them:
    /// `dx = s * (dy - mean(dy) - xhat * mean(dy * xhat))`, `xhat = (x - mean) / sqrt(variance + epsilon)`;
    /// otherwise they are constants and `dx = s * dy`.
    static func normalize(
        _ x: Tensor, mean: [Float], variance: [Float], gamma: Tensor?, beta: Tensor?, epsilon: Float,
        throughStatistics: Bool
    ) -> Tensor {
        let channels = mean.count, rows = x.count / channels
        let (inverse, scale, shift) = affine(mean: mean, variance: variance, gamma: gamma, beta: beta, epsilon: epsilon)
        let y = applyChannelAffine(x, scale: scale, shift: shift)

        let inputs = [x] + [gamma, beta].compactMap { $0 }
        guard inputs.contains(where: \.isTracked) else { return y }
        let plainX = x.detached()
        let wantsInput = x.isTracked, hasGamma = gamma != nil, hasBeta = beta != nil
        return y.recorded("batch_normalization", inputs: inputs) { gradient in
            let sums = channelAffineGradients(gradient, input: plainX, center: mean, inverse: inverse)
            var dx: Tensor?
            if wantsInput {
                // dx = s * dy + b * (x - mean) + c per channel, b and c from the two sums.
                let count = Double(rows)
                let slope = (0..<channels).map { j in
                    throughStatistics ? Float(-Double(scale[j]) * Double(inverse[j]) * sums.dyTimesXhat[j] / count) : 0
                }
                let offset = (0..<channels).map { j in throughStatistics ? Float(-Double(scale[j]) * sums.dy[j] / count) : 0 }
                dx = channelInputGradient(gradient, input: plainX, center: mean, scale: scale, slope: slope, offset: offset)
            }
            let dGamma = Tensor(sums.dyTimesXhat.map { Float($0) })
            let dBeta = Tensor(sums.dy.map { Float($0) })
            return [dx] + (hasGamma ? [dGamma] : []) + (hasBeta ? [dBeta] : [])
        }
    }
}

/// `dx = scale * dy + slope * (x - center) + offset`, per channel, on a [rows, channels] view.
private func channelInputGradient(
    _ gradient: Tensor, input x: Tensor, center: [Float], scale: [Float], slope: [Float], offset: [Float]
) -> Tensor {
    let channels = center.count, rows = x.count / channels
    // One buffer for the four coefficient rows: pointers, not arrays, in the inner loop.
    let coefficients = center + scale + slope + offset
    var dx = Tensor(uninitializedShape: x.shape)
    dx.withUnsafeMutableBufferPointer { dxBuffer in
        gradient.withUnsafeBufferPointer { gBuffer in
            x.withUnsafeBufferPointer { xBuffer in
                coefficients.withUnsafeBufferPointer { cBuffer in
                    let (d, g, xs) = (dxBuffer.baseAddress!, gBuffer.baseAddress!, xBuffer.baseAddress!)
                    let m = cBuffer.baseAddress!, a = m + channels, b = a + channels, c = b + channels
                    let lanes = channels - channels % 8
                    ColumnSums.forEachBlock(rows: rows, channels: channels) { block in
                        for row in block {
                            let (dx, dy, x) = (d + row * channels, g + row * channels, xs + row * channels)
                            for j in stride(from: 0, to: lanes, by: 8) {
                                let centered = SIMD8(loading: x + j) - SIMD8(loading: m + j)
                                let value = SIMD8(loading: a + j) * SIMD8(loading: dy + j) + SIMD8(loading: b + j) * centered
                                (value + SIMD8(loading: c + j)).store(to: dx + j)
                            }
                            for j in lanes..<channels { dx[j] = a[j] * dy[j] + b[j] * (x[j] - m[j]) + c[j] }
                        }
                    }
                }
            }
        }
    }
    return dx
}

// MARK: Description

extension BatchNormalization: RegisteredLayer {
    public static let specificationKeywords = ["batchnorm"]
    public static let specificationUsage = "batchnorm, batchnorm:MOMENTUM or batchnorm:MOMENTUM:EPSILON (momentum in [0, 1], epsilon > 0)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("momentum", momentum)
        settings.set("epsilon", epsilon)
        settings.set("center", center)
        settings.set("scale", scale)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(
            momentum: try settings.float("momentum", default: 0.99, expected: "a number in [0, 1]", where: { $0 >= 0 && $0 <= 1 }),
            epsilon: try settings.float("epsilon", default: 1e-3, expected: "a number above 0", where: { $0 > 0 }),
            center: try settings.bool("center", default: true), scale: try settings.bool("scale", default: true), name: name)
    }

    /// `batchnorm[:MOMENTUM[:EPSILON]]`.
    public static func parse(_ entry: SpecificationEntry) throws -> BatchNormalization {
        try entry.expectParts(1, 3, usage: specificationUsage)
        let momentum =
            entry.parts.count > 1
            ? try entry.number(entry.parts[1], "the momentum", expected: "a number in [0, 1]", where: { $0 >= 0 && $0 <= 1 }) : 0.99
        let epsilon =
            entry.parts.count > 2
            ? try entry.number(entry.parts[2], "epsilon", expected: "a number above 0", where: { $0 > 0 }) : 1e-3
        return BatchNormalization(momentum: momentum, epsilon: epsilon)
    }
}

extension BatchNormalization: ONNXExportable {
    /// ONNX `BatchNormalization` (inference form, with the moving statistics), which
    /// normalizes axis 1: as it is on flat rows `[N, C]`, on channels-first data for images.
    /// Other ranks (sequences `[N, T, C]`) get the same map folded into `Mul` and `Add` on the
    /// last axis.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        guard let movingMean, let movingVariance else { throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built") }
        let channels = movingMean.value.count
        switch export.inputShape.count {
        case 1, 3:
            if export.inputShape.count == 3 { export.toChannelsFirst() } else { export.toChannelsLast() }
            let gamma = export.weight("gamma") ?? export.graph.constant("\(name).gamma", Tensor.ones([channels]))
            let beta = export.weight("beta") ?? export.graph.constant("\(name).beta", Tensor.zeros([channels]))
            let mean = export.weight("moving_mean")!, variance = export.weight("moving_variance")!
            export.apply(
                "BatchNormalization", [gamma, beta, mean, variance], attributes: [.float("epsilon", epsilon), .float("momentum", momentum)])
        default:
            export.toChannelsLast()
            let (_, scale, shift) = BatchNormalization.affine(
                mean: movingMean.value.scalars, variance: movingVariance.value.scalars, gamma: gamma?.value, beta: beta?.value,
                epsilon: epsilon)
            export.apply("Mul", [export.graph.constant("\(name).scale", Tensor(scale))])
            export.apply("Add", [export.graph.constant("\(name).shift", Tensor(shift))])
        }
    }
}

extension BatchNormalization: PyTorchWeightNaming {
    /// `weight`, `bias`, `running_mean`, `running_var`: PyTorch's names, Keras's layout.
    func pytorchWeight(for parameterName: String) -> PyTorchWeight {
        switch parameterName {
        case "gamma": return .same("weight")
        case "beta": return .same("bias")
        case "moving_mean": return .same("running_mean")
        case "moving_variance": return .same("running_var")
        default: return .same(parameterName)
        }
    }
}
