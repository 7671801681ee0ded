/// The elementwise maximum of its inputs, all of one shape, as Keras's `Maximum`.
///
/// ```swift
/// let strongest = Maximum()([a, b, c])
/// ```
///
/// Differentiable: the gradient of each element goes to the input that holds the maximum; on a
/// tie, to the first of them (as TensorFlow's pairwise maximum does).
public final class Maximum: MergeLayer {
    public static let typeName = "Maximum"
    public var name: String

    /// A layer that takes the elementwise maximum of its inputs.
    public init(name: String = "maximum") {
        self.name = name
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try sameShape(shapes)
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        inputs.dropFirst().reduce(inputs[0]) { maximum($0, $1) }
    }

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }
}

extension Maximum: ONNXMergeExportable {
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) {
        graph.apply("Max", inputs: inputs, stem: name)
    }
}
