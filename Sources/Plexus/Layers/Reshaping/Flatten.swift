/// Flattens each sample to a vector: `[batch, d1, d2, ...]` becomes `[batch, d1 * d2 * ...]`,
/// in row-major (channels-last) order, as Keras's `Flatten`.
///
/// ```swift
/// Flatten()                 // [batch, 5, 5, 64] -> [batch, 1600]
/// ```
///
/// The buffer is shared, not copied; the gradient is the output's gradient shaped back.
public final class Flatten: Layer {
    public var name: String
    public static let typeName = "Flatten"
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer that flattens each sample.
    public init(name: String = "flatten") {
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        [try ArchitecturePlan.elementCount(inputShape, what: "the input")]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        require(input.rank >= 1, "\(typeName) '\(name)' needs inputs with a batch axis, got a scalar")
        return input.reshaped([input.shape[0], Array(input.shape.dropFirst()).elementCount])
    }
}

// MARK: Description

extension Flatten: RegisteredLayer {
    public static let specificationKeywords = ["flatten"]
    public static let specificationUsage = "flatten"

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Flatten {
        try entry.expectParts(1, usage: "flatten, with no settings")
        return Flatten()
    }
}

extension Flatten: ONNXExportable {
    /// Channels-last first, so that the flattened vector has Keras's element order.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        export.apply("Flatten", attributes: [.int("axis", 1)])
    }
}
