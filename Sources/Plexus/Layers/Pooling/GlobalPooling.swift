// What the global pools share: no weights, no settings, one value per feature (channel) out of
// all steps or all pixels, and a spec token with no parts.

/// A layer that reduces every position of a sample to one value per feature: over the steps of
/// `[steps, features]` samples (``spatialRank`` 1) or the pixels of `[height, width, channels]`
/// images (``spatialRank`` 2), giving `[features]`.
protocol GlobalPoolingLayer: RegisteredLayer {
    /// How many leading sample axes are reduced: 1 for sequences, 2 for images.
    static var spatialRank: Int { get }
    /// The reduction over `[batch, positions, features]`, along axis 1.
    static func reduce(_ positions: Tensor) -> Tensor
    /// Keras's name for such a layer (`global_average_pooling2d`).
    static var defaultName: String { get }
    /// A pool named `name`.
    init(name: String)
}

extension GlobalPoolingLayer {
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public var expectsImages: Bool { Self.spatialRank == 2 }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        let form = Self.spatialRank == 1 ? "[steps, features]" : "[height, width, channels]"
        guard inputShape.count == Self.spatialRank + 1 else {
            throw ArchitectureError(.shapeMismatch, "\(Self.typeName) needs samples of shape \(form), got \(inputShape)")
        }
        guard !inputShape.contains(0) else {
            throw ArchitectureError(
                .shapeMismatch, "\(Self.typeName) needs at least one position to pool, got samples of shape \(inputShape)")
        }
        return [inputShape[inputShape.count - 1]]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        require(
            input.rank == Self.spatialRank + 2,
            "\(typeName) '\(name)' expects inputs of rank \(Self.spatialRank + 2), got shape \(input.shape)")
        let features = input.shape[input.rank - 1]
        return Self.reduce(input.reshaped([input.shape[0], -1, features]))
    }

    // MARK: Description

    public var settings: LayerSettings { LayerSettings() }

    public init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Self {
        try entry.expectParts(1, usage: "\(entry.parts[0]), with no settings")
        return Self(name: Self.defaultName)
    }
}

extension GlobalPoolingLayer where Self: ONNXExportable {
    /// Images: ONNX's global pool on channels-first data, whose `[batch, channels, 1, 1]` result
    /// is flattened. Sequences: `ReduceMean`/`ReduceMax` over the steps (axes as an attribute,
    /// the same from opset 13 to 17).
    func exportPool(to export: inout ONNXLayerExport, imageOperator: String, sequenceOperator: String) {
        if Self.spatialRank == 2 {
            export.toChannelsFirst()
            export.apply(imageOperator)
            export.toChannelsLast()
            export.apply("Flatten", attributes: [.int("axis", 1)])
        } else {
            export.toChannelsLast()
            export.apply(sequenceOperator, attributes: [.ints("axes", [1]), .int("keepdims", 0)])
        }
    }
}
