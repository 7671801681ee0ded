/// Sets a random fraction `rate` of its inputs to zero while training, and scales the rest by
/// `1 / (1 - rate)` so that their expected sum is unchanged, as Keras's `Dropout`.
///
/// It is active only when called with `training: true` (inside `fit`); `predict`, `evaluate`
/// and `model(x)` pass inputs through unchanged.
///
/// ```swift
/// Dropout(rate: 0.5)
/// ```
///
/// The masks are reproducible: the layer draws them from its own generator, seeded when the
/// layer is built from the model's generator (so the model's seed fixes them), or from `seed`.
public final class Dropout: Layer {
    /// The fraction of units dropped, in [0, 1).
    public let rate: Float
    /// The seed of the masks, if fixed by the user.
    public let seed: UInt64?
    public var name: String
    public static let typeName = "Dropout"
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { generator != nil }

    /// Draws the masks; nil until built. Checkpoints save and restore it, so a resumed run
    /// draws the masks the uninterrupted run would have.
    var generator: RandomGenerator?
    /// Whether `build` has drawn its seed from a model's generator.
    private var hasDrawnSeed = false
    /// A mask of 0s and 1s to use instead of a random one (tests), of the input's shape.
    var fixedMask: Tensor?

    /// A dropout layer that drops a fraction `rate` of the units in training.
    ///
    /// ```swift
    /// Dropout(rate: 0.2, seed: 7)
    /// ```
    public init(rate: Float, seed: UInt64? = nil, name: String = "dropout") {
        self.rate = rate
        self.seed = seed
        self.name = name
        require(rate >= 0 && rate < 1, "Dropout '\(name)': rate must be in [0, 1), got \(rate)")
        if let seed { generator = RandomGenerator(seed: seed) }
    }

    /// A dropout layer, Keras's positional form.
    ///
    /// ```swift
    /// Dropout(0.5)
    /// ```
    public convenience init(_ rate: Float, seed: UInt64? = nil, name: String = "dropout") {
        self.init(rate: rate, seed: seed, name: name)
    }

    /// Seeds the masks from `generator` (one draw, taken even with a fixed `seed`, so that the
    /// layers after it start from the same weights either way).
    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        guard !hasDrawnSeed else { return }
        hasDrawnSeed = true
        let drawn = generator.next()
        if self.generator == nil { self.generator = RandomGenerator(seed: seed ?? drawn) }
    }

    public func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return input }
        let mask = scaledMask(count: input.count, shape: input.shape)
        let output = Dropout.multiply(input.detached(), mask)
        return output.recorded("dropout", inputs: [input]) { gradient in [Dropout.multiply(gradient, mask)] }
    }

    /// The next mask: 0 for a dropped unit, 1 / (1 - rate) for a kept one.
    private func scaledMask(count: Int, shape: [Int]) -> Tensor {
        let scale = 1 / (1 - rate)
        if let fixedMask {
            require(
                fixedMask.shape == shape,
                "Dropout '\(name)': the fixed mask has shape \(fixedMask.shape), the input \(shape)")
            return fixedMask.mapElements { $0 == 0 ? 0 : scale }
        }
        guard var generator else { fatalError("Dropout '\(name)' is used before it is built") }
        defer { self.generator = generator }
        var mask = Tensor(uninitializedShape: shape)
        mask.withUnsafeMutableBufferPointer { values in
            for i in 0..<count { values[i] = generator.nextFloat() < rate ? 0 : scale }
        }
        return mask
    }

    /// a * b, element by element, for two tensors of one shape.
    private static func multiply(_ a: Tensor, _ b: Tensor) -> Tensor {
        var result = Tensor(uninitializedShape: a.shape)
        result.withUnsafeMutableBufferPointer { out in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<out.count { out[i] = a[i] * b[i] }
                }
            }
        }
        return result
    }
}

// MARK: Description

extension Dropout: RegisteredLayer {
    public static let specificationKeywords = ["dropout"]
    public static let specificationUsage = "dropout:RATE, RATE in [0, 1)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("rate", rate)
        if let seed { settings.set("seed", seed <= UInt64(Int.max) ? .integer(Int(seed)) : .largeInteger(seed)) }
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(
            rate: try settings.float("rate", expected: "a number in [0, 1)", where: { $0 >= 0 && $0 < 1 }),
            seed: try settings.uint64("seed"), name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Dropout {
        try entry.expectParts(2, usage: "dropout:RATE with RATE in [0, 1), such as dropout:0.5")
        return Dropout(rate: try entry.number(entry.parts[1], "the rate", expected: "a number in [0, 1)", where: { $0 >= 0 && $0 < 1 }))
    }
}

extension Dropout: ONNXExportable {
    /// Inference only: the identity.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.apply("Identity")
    }
}

extension Dropout: DataParallelLayer {
    /// Each rank but 0 drops other units than rank 0: a stream drawn from this one and the rank.
    func separateRandomStream(forRank rank: Int) {
        guard var current = generator else { return }
        generator = RandomGenerator(seed: current.next() ^ (0xD1B5_4A32_D192_ED03 &* UInt64(rank)))
    }
}
