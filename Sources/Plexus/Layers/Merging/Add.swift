/// The elementwise sum of its inputs, all of one shape, as Keras's `Add`.
///
/// ```swift
/// let a = Input(shape: [32]), h = Dense(32, activation: .relu)(a)
/// let residual = Add()([a, h])          // a + h, shape [32]
/// ```
///
/// Differentiable: each input gets the whole gradient of the output.
public final class Add: MergeLayer {
    public static let typeName = "Add"
    public var name: String

    /// A layer that adds its inputs elementwise.
    public init(name: String = "add") {
        self.name = name
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try sameShape(shapes)
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        inputs.dropFirst().reduce(inputs[0]) { $0 + $1 }
    }

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }
}

extension Add: ONNXMergeExportable {
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) { chain("Add", inputs, &graph) }
}
