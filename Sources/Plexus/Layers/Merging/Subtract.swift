/// The elementwise difference of exactly two inputs of one shape, first minus second, as
/// Keras's `Subtract`.
///
/// ```swift
/// let difference = Subtract()([a, b])   // a - b
/// ```
public final class Subtract: MergeLayer {
    public static let typeName = "Subtract"
    public var name: String

    /// A layer that subtracts its second input from its first.
    public init(name: String = "subtract") {
        self.name = name
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        guard shapes.count == 2 else {
            throw ArchitectureError(.shapeMismatch, "Subtract '\(name)' takes exactly 2 inputs, got \(shapes.count)")
        }
        return try sameShape(shapes)
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        inputs[0] - inputs[1]
    }

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }
}

extension Subtract: ONNXMergeExportable {
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) { chain("Sub", inputs, &graph) }
}
