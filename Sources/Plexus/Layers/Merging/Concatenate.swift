/// Joins its inputs along one axis, as Keras's `Concatenate`: the inputs must agree on every
/// other axis.
///
/// ```swift
/// let a = Input(shape: [8]), b = Input(shape: [3])
/// let both = Concatenate(axis: -1)([a, b])      // shape [11]
/// ```
///
/// `axis` counts as Keras counts it, the batch axis included: `-1` (the default) is the last
/// axis, `1` the first axis of a sample. The batch axis itself cannot be joined.
public final class Concatenate: MergeLayer {
    public static let typeName = "Concatenate"
    public var name: String
    /// The axis to join along, the batch axis counting as 0; negative counts from the end.
    public let axis: Int

    /// A layer that joins its inputs along `axis`.
    public init(axis: Int = -1, name: String = "concatenate") {
        self.axis = axis
        self.name = name
    }

    /// `axis` as an index into a sample's shape of `rank` axes (batch axis left out).
    func sampleAxis(rank: Int) throws -> Int {
        let resolved = axis < 0 ? axis + rank + 1 : axis
        guard resolved >= 1, resolved <= rank else {
            throw ArchitectureError(
                .shapeMismatch,
                "Concatenate '\(name)': axis \(axis) is not a sample axis of inputs of rank \(rank + 1) (batch axis included)")
        }
        return resolved - 1
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        guard shapes.count >= 2, let first = shapes.first else {
            throw ArchitectureError(.shapeMismatch, "Concatenate '\(name)' needs at least 2 inputs, got \(shapes.count)")
        }
        let joined = try sampleAxis(rank: first.count)
        var output = first
        output[joined] = 0
        for shape in shapes {
            let fits =
                shape.count == first.count
                && shape.indices.allSatisfy { $0 == joined || shape[$0] == first[$0] }
            guard fits else {
                throw ArchitectureError(
                    .shapeMismatch,
                    "Concatenate '\(name)' on axis \(axis) needs inputs that agree on every other axis, got \(shapes.map(\.description).joined(separator: ", "))"
                )
            }
            let (sum, overflow) = output[joined].addingReportingOverflow(shape[joined])
            guard !overflow else { throw ArchitectureError(.tooLarge, "Concatenate '\(name)': the joined axis overflows") }
            output[joined] = sum
        }
        return output
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        Tensor.concatenate(inputs, alongAxis: axis)
    }

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("axis", axis)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(axis: try settings.int("axis") ?? -1, name: name)
    }
}

extension Concatenate: ONNXMergeExportable {
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) {
        graph.apply("Concat", inputs: inputs, attributes: [.int("axis", axis)], stem: name)
    }
}
