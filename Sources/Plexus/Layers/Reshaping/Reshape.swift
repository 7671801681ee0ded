/// Gives each sample a new shape with the same number of elements, as Keras's `Reshape`.
///
/// The target shape leaves out the batch axis; one dimension may be -1, inferred from the
/// sample's size.
///
/// ```swift
/// Reshape([28, 28, 1])      // [batch, 784] -> [batch, 28, 28, 1]
/// ```
///
/// The buffer is shared, not copied; the gradient is the output's gradient shaped back.
public final class Reshape: Layer {
    /// The shape of each output sample, possibly with one -1.
    public let targetShape: [Int]
    public var name: String
    public static let typeName = "Reshape"
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer that reshapes each sample to `targetShape` (batch axis excluded).
    public init(_ targetShape: [Int], name: String = "reshape") {
        self.targetShape = targetShape
        self.name = name
        require(
            targetShape.filter({ $0 == -1 }).count <= 1 && targetShape.allSatisfy({ $0 > 0 || $0 == -1 }),
            "\(label): the target shape \(targetShape) needs positive sizes, with at most one -1")
    }

    var label: String { "\(typeName) '\(name)'" }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        _ = resolvedShape(forInputShape: inputShape)
    }

    /// The target shape with its -1 resolved for samples of `inputShape`.
    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        let count = try ArchitecturePlan.elementCount(inputShape, what: "the input")
        let known = try ArchitecturePlan.elementCount(targetShape.filter { $0 != -1 }, what: "the target shape")
        guard let inferred = targetShape.firstIndex(of: -1) else {
            guard known == count else {
                throw ArchitectureError(
                    .shapeMismatch, "cannot reshape \(count) elements to \(targetShape) (\(known) elements)")
            }
            return targetShape
        }
        guard count % known == 0 else {
            throw ArchitectureError(
                .shapeMismatch, "cannot reshape \(count) elements to \(targetShape): no size for the -1 fits")
        }
        var resolved = targetShape
        resolved[inferred] = count / known
        return resolved
    }

    /// ``outputShape(forInputShape:)`` for shapes already checked: a mismatch here is a
    /// programmer's error.
    private func resolvedShape(forInputShape inputShape: [Int]) -> [Int] {
        do { return try outputShape(forInputShape: inputShape) } catch { fatalError("\(label): \(error)") }
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        require(input.rank >= 1, "\(label) needs inputs with a batch axis, got a scalar")
        return input.reshaped([input.shape[0]] + resolvedShape(forInputShape: Array(input.shape.dropFirst())))
    }
}

// MARK: Description

extension Reshape: RegisteredLayer {
    public static let specificationKeywords = ["reshape"]
    public static let specificationUsage = "reshape:D1xD2x... (one D may be -1), such as reshape:28x28x1"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("targetShape", targetShape)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        guard let target = try settings.ints("targetShape"), !target.isEmpty, target.filter({ $0 == -1 }).count <= 1,
            target.allSatisfy({ $0 > 0 || $0 == -1 })
        else { throw LayerSettingsError("targetShape", "must be positive sizes with at most one -1") }
        self.init(target, name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Reshape {
        try entry.expectParts(2, usage: specificationUsage)
        let sizes = entry.parts[1].split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard !sizes.isEmpty, sizes.count <= 8, sizes.allSatisfy({ ($0 ?? 0) > 0 || $0 == -1 }),
            sizes.filter({ $0 == -1 }).count <= 1
        else { throw entry.failure("write \(specificationUsage)") }
        return Reshape(sizes.map { $0! })
    }
}

extension Reshape: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        export.apply("Reshape", [export.graph.constant("\(name).shape", int64s: [0] + export.outputShape)])
    }
}
