/// Normalizes each sample over its last axis, then scales and shifts it: Keras 3's
/// `LayerNormalization(axis=-1)`. Unlike ``BatchNormalization`` it keeps no statistics and
/// acts the same in training and at inference.
///
/// For each row `x` of the input seen as `[rows, features]` (every axis but the last folded
/// into rows):
///
/// ```text
/// mean = mean of x over the features
/// variance = mean of (x - mean)^2 over the features (biased)
/// y = gamma * (x - mean) / sqrt(variance + epsilon) + beta
/// ```
///
/// epsilon is added to the variance, inside the square root, as Keras does (computed, like
/// Keras, as `x * s + (beta - mean * s)` with `s = gamma / sqrt(variance + epsilon)`).
///
/// Weights, in Keras's `get_weights()` order: `gamma` (starts at 1) and `beta` (starts at 0),
/// each `[features]`. PyTorch's `LayerNorm` calls them `weight` and `bias` (its epsilon
/// defaults to 1e-5: only weights are imported, so give `epsilon: 1e-5` to match it).
///
/// ```swift
/// let model = Sequential {
///     Dense(64)
///     LayerNormalization()
///     ActivationLayer(.relu)
/// }
/// ```
public final class LayerNormalization: Layer {
    /// Added to the variance before its square root.
    public let epsilon: Float
    public var name: String
    public static let typeName = "LayerNormalization"

    /// The scale per feature, `[features]`; nil until built.
    public private(set) var gamma: Parameter?
    /// The offset per feature, `[features]`; nil until built.
    public private(set) var beta: Parameter?

    /// A layer normalization over the last axis.
    ///
    /// - Parameters:
    ///   - epsilon: above 0; added to the variance.
    ///   - name: the layer's name in summaries and model files.
    public init(epsilon: Float = 1e-3, name: String = "layer_normalization") {
        require(epsilon > 0 && epsilon.isFinite, "LayerNormalization epsilon must be a positive number, got \(epsilon)")
        self.epsilon = epsilon
        self.name = name
    }

    public var parameters: [Parameter] { [gamma, beta].compactMap { $0 } }
    public var isBuilt: Bool { gamma != nil }

    /// The number of features it was built for; nil until built.
    public var features: Int? { gamma?.value.count }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        require(!inputShape.isEmpty, "LayerNormalization '\(name)' needs inputs with a feature axis, got input shape \(inputShape)")
        let width = inputShape[inputShape.count - 1]
        if let features {
            require(features == width, "LayerNormalization '\(name)' was built for \(features) features, got input shape \(inputShape)")
            return
        }
        gamma = Parameter(Tensor.ones([width]), name: "gamma")
        beta = Parameter(Tensor.zeros([width]), name: "beta")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard let width = inputShape.last else {
            throw ArchitectureError(
                .shapeMismatch,
                "LayerNormalization needs inputs with a feature axis (it normalizes the last axis), got a single number per sample")
        }
        if let features, features != width {
            throw ArchitectureError(.shapeMismatch, "it was built for \(features) features")
        }
        return inputShape
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        _ = try outputShape(forInputShape: inputShape)
        let width = [inputShape[inputShape.count - 1]]
        return [ParameterShape("gamma", width), ParameterShape("beta", width)]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let gamma, let beta else { fatalError("LayerNormalization '\(name)' is used before it is built") }
        let features = gamma.value.count
        require(
            input.rank >= 2 && input.shape[input.rank - 1] == features,
            "LayerNormalization '\(name)' expects inputs of shape [batch, ..., \(features)], got \(input.shape)")
        return LayerNormalization.normalize(input, gamma: gamma.tensor, beta: beta.tensor, epsilon: epsilon)
    }

    /// The normalization of each row as one recorded operation. Its gradient, with
    /// `xhat = (x - mean) * r`, `r = 1 / sqrt(variance + epsilon)` and `g = dy * gamma`:
    /// `dx = r * (g - mean(g) - xhat * mean(g * xhat))` along the row,
    /// `dgamma = sum of dy * xhat` and `dbeta = sum of dy` over the rows.
    static func normalize(_ x: Tensor, gamma: Tensor, beta: Tensor, epsilon: Float) -> Tensor {
        let features = gamma.count, rows = x.count / features
        let gammaValues = gamma.scalars, betaValues = beta.scalars
        var rowMean = [Float](repeating: 0, count: rows), rowInverse = [Float](repeating: 0, count: rows)
        var y = Tensor(uninitializedShape: x.shape)
        y.withUnsafeMutableBufferPointer { yBuffer in
            x.withUnsafeBufferPointer { xBuffer in
                rowMean.withUnsafeMutableBufferPointer { meanBuffer in
                    rowInverse.withUnsafeMutableBufferPointer { inverseBuffer in
                        let (xs, ys) = (xBuffer.baseAddress!, yBuffer.baseAddress!)
                        let (means, inverses) = (meanBuffer.baseAddress!, inverseBuffer.baseAddress!)
                        ColumnSums.forEachBlock(rows: rows, channels: features) { block in
                            for row in block {
                                let line = xs + row * features, out = ys + row * features
                                var sum = 0.0
                                for j in 0..<features { sum += Double(line[j]) }
                                let mean = sum / Double(features)
                                var squares = 0.0
                                for j in 0..<features { squares += (Double(line[j]) - mean) * (Double(line[j]) - mean) }
                                let inverse = 1 / (Float(squares / Double(features)) + epsilon).squareRoot()
                                let m = Float(mean)
                                for j in 0..<features {
                                    let s = inverse * gammaValues[j]
                                    out[j] = line[j] * s + (betaValues[j] - m * s)
                                }
                                (means[row], inverses[row]) = (m, inverse)
                            }
                        }
                    }
                }
            }
        }
        guard x.isTracked || gamma.isTracked || beta.isTracked else { return y }
        let plainX = x.detached(), means = rowMean, inverses = rowInverse
        return y.recorded("layer_normalization", inputs: [x, gamma, beta]) { gradient in
            var dx = Tensor(uninitializedShape: plainX.shape)
            let sums = dx.withUnsafeMutableBufferPointer { dxBuffer in
                gradient.withUnsafeBufferPointer { gBuffer in
                    plainX.withUnsafeBufferPointer { xBuffer in
                        let (d, g, xs) = (dxBuffer.baseAddress!, gBuffer.baseAddress!, xBuffer.baseAddress!)
                        return ColumnSums.accumulate(rows: rows, channels: features, width: 2) { block, sums in
                            let dBeta = sums + features
                            for row in block {
                                let at = row * features, mean = means[row], inverse = inverses[row]
                                var sumG = 0.0, sumGXhat = 0.0
                                for j in 0..<features {
                                    let xhat = (xs[at + j] - mean) * inverse
                                    let scaled = g[at + j] * gammaValues[j]
                                    sumG += Double(scaled)
                                    sumGXhat += Double(scaled * xhat)
                                    sums[j] += g[at + j] * xhat
                                    dBeta[j] += g[at + j]
                                }
                                let meanG = Float(sumG / Double(features)), meanGXhat = Float(sumGXhat / Double(features))
                                for j in 0..<features {
                                    let xhat = (xs[at + j] - mean) * inverse
                                    d[at + j] = inverse * (g[at + j] * gammaValues[j] - meanG - xhat * meanGXhat)
                                }
                            }
                        }
                    }
                }
            }
            let dGamma = Tensor(sums[0..<features].map { Float($0) })
            let dBeta = Tensor(sums[features...].map { Float($0) })
            return [dx, dGamma, dBeta]
        }
    }
}

// MARK: Description

extension LayerNormalization: RegisteredLayer {
    public static let specificationKeywords = ["layernorm"]
    public static let specificationUsage = "layernorm or layernorm:EPSILON (epsilon > 0)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("epsilon", epsilon)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(epsilon: try settings.float("epsilon", default: 1e-3, expected: "a number above 0", where: { $0 > 0 }), name: name)
    }

    /// `layernorm[:EPSILON]`.
    public static func parse(_ entry: SpecificationEntry) throws -> LayerNormalization {
        try entry.expectParts(1, 2, usage: specificationUsage)
        let epsilon =
            entry.parts.count > 1
            ? try entry.number(entry.parts[1], "epsilon", expected: "a number above 0", where: { $0 > 0 }) : 1e-3
        return LayerNormalization(epsilon: epsilon)
    }
}

extension LayerNormalization: ONNXExportable {
    /// ONNX `LayerNormalization` (opset 17) on the last axis, so on channels-last data.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        guard let gamma = export.weight("gamma"), let beta = export.weight("beta") else {
            throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built")
        }
        export.apply("LayerNormalization", [gamma, beta], attributes: [.int("axis", -1), .float("epsilon", epsilon)])
    }
}

extension LayerNormalization: PyTorchWeightNaming {
    /// `weight` and `bias`, as PyTorch's `LayerNorm` names them.
    func pytorchWeight(for parameterName: String) -> PyTorchWeight {
        parameterName == "gamma" ? .same("weight") : parameterName == "beta" ? .same("bias") : .same(parameterName)
    }
}
