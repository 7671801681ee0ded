/// The elementwise mean of its inputs, all of one shape, as Keras's `Average`: the sum
/// divided by the number of inputs (in that order, so that the numbers are Keras's).
///
/// ```swift
/// let ensemble = Average()([modelA(x), modelB(x)])
/// ```
public final class Average: MergeLayer {
    public static let typeName = "Average"
    public var name: String

    /// A layer that averages its inputs elementwise.
    public init(name: String = "average") {
        self.name = name
    }

    public func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try sameShape(shapes)
    }

    public func forward(_ inputs: [Tensor], training: Bool) -> Tensor {
        inputs.dropFirst().reduce(inputs[0]) { $0 + $1 } / Float(inputs.count)
    }

    public var settings: LayerSettings { LayerSettings() }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(name: name)
    }
}

extension Average: ONNXMergeExportable {
    /// The sum, then a division by the count, as Keras computes it (the same float32 numbers).
    func exportONNX(inputs: [String], to graph: inout ONNXGraph) {
        chain("Add", inputs, &graph)
        graph.apply("Div", [graph.constant("\(name).count", Tensor([Float(inputs.count)]))], stem: name)
    }
}
