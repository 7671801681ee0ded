/// The elementwise product of its inputs, all of one shape, as Keras's `Multiply`.
///
/// ```swift
/// let gated = Multiply()([h, Dense(32, activation: .sigmoid)(h)])
/// ```
public final class Multiply: MergeLayer {
    public static let typeName = "Multiply"
    public var name: String

    /// A layer that multiplies its inputs elementwise.
    public init(name: String = "multiply") {
        self.name = name
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try sameShape(shapes)
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        inputs.dropFirst().reduce(inputs[0]) { $0 * $1 }
    }

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }
}

extension Multiply: ONNXMergeExportable {
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) { chain("Mul", inputs, &graph) }
}
