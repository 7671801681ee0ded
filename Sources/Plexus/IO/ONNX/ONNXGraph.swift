/// An ONNX graph being assembled (nodes, initializers, its inputs and outputs) and its
/// encoding as an ONNX `ModelProto` (IR version 8, default-domain opset 13), with the field
/// numbers of `onnx.proto`.
struct ONNXGraph {
    enum Attribute {
        case int(String, Int)
        case ints(String, [Int])
        case float(String, Float)
    }

    struct Node {
        var opType: String
        var inputs: [String]
        var outputs: [String]
        var name: String
        var attributes: [Attribute]
    }

    enum InitializerValues {
        case floats(Tensor)
        case int64s([Int])
    }

    struct Initializer {
        var name: String
        var dims: [Int]
        var values: InitializerValues
    }

    static let irVersion = 8
    /// 17: the first opset with `LayerNormalization`; IR version 8 carries it.
    static let opsetVersion = 17

    var name: String
    var nodes: [Node] = []
    var initializers: [Initializer] = []
    /// The graph's inputs and outputs: names and sample shapes (the batch axis is symbolic).
    var inputs: [(name: String, shape: [Int])]
    var outputs: [(name: String, shape: [Int])] = []
    /// The name of the value the next node reads.
    var current: String
    private var counter = 0
    /// Names kept for the graph's inputs and outputs, which no fresh value may take.
    private let reserved: Set<String>

    /// The one output of a chain's graph.
    var output: (name: String, shape: [Int]) {
        get { outputs.first ?? ("output", []) }
        set { outputs = [newValue] }
    }

    init(name: String, inputShape: [Int]) {
        self.init(name: name, inputs: [("input", inputShape)], reserved: ["input", "output"])
    }

    /// A graph of several inputs; `reserved` holds the names its outputs will take.
    init(name: String, inputs: [(name: String, shape: [Int])], reserved: Set<String>) {
        self.name = name
        self.inputs = inputs
        self.reserved = reserved.union(inputs.map(\.name))
        current = inputs.first?.name ?? "input"
    }

    /// A fresh value name with a readable stem.
    mutating func fresh(_ stem: String) -> String {
        while true {
            counter += 1
            let name = "\(stem)_\(counter)"
            if !reserved.contains(name) { return name }
        }
    }

    /// Adds a float initializer and returns its name. A name given again (the weight of a layer
    /// called twice) is the initializer already there.
    @discardableResult
    mutating func constant(_ name: String, _ tensor: Tensor) -> String {
        if initializers.contains(where: { $0.name == name }) { return name }
        initializers.append(Initializer(name: name, dims: tensor.shape, values: .floats(tensor)))
        return name
    }

    @discardableResult
    mutating func constant(_ name: String, int64s values: [Int]) -> String {
        initializers.append(Initializer(name: name, dims: [values.count], values: .int64s(values)))
        return name
    }

    /// Appends a node reading ``current`` (and `extraInputs`), which becomes the new current value.
    mutating func apply(_ opType: String, _ extraInputs: [String] = [], attributes: [Attribute] = [], stem: String? = nil) {
        let output = fresh(stem ?? opType.lowercased())
        nodes.append(Node(opType: opType, inputs: [current] + extraInputs, outputs: [output], name: output, attributes: attributes))
        current = output
    }

    /// Appends a node reading `inputs` in that order (for ops whose data input is not the
    /// current value, as `Gather` reads its table first); its output becomes ``current``.
    mutating func apply(_ opType: String, inputs: [String], attributes: [Attribute] = [], stem: String? = nil) {
        let output = fresh(stem ?? opType.lowercased())
        nodes.append(Node(opType: opType, inputs: inputs, outputs: [output], name: output, attributes: attributes))
        current = output
    }

    /// `TensorProto.DataType` INT64, the `to` of a `Cast` to indices.
    static let int64Type = 7

    /// The encoded `ModelProto`.
    func encoded(producerVersion: String) -> [UInt8] {
        var model = ProtobufWriter()
        model.int(1, ONNXGraph.irVersion)  // ir_version
        model.string(2, "plexus")  // producer_name
        model.string(3, producerVersion)  // producer_version
        model.message(7) { graph in encodeGraph(&graph) }  // graph
        model.message(8) { opset in  // opset_import
            opset.string(1, "")  // domain: the default one
            opset.int(2, ONNXGraph.opsetVersion)  // version
        }
        return model.bytes
    }

    private func encodeGraph(_ graph: inout ProtobufWriter) {
        for node in nodes {
            graph.message(1) { proto in
                for input in node.inputs { proto.string(1, input) }
                for output in node.outputs { proto.string(2, output) }
                proto.string(3, node.name)
                proto.string(4, node.opType)
                for attribute in node.attributes { proto.message(5) { ONNXGraph.encode(attribute, &$0) } }
            }
        }
        graph.string(2, name)
        for initializer in initializers { graph.message(5) { ONNXGraph.encode(initializer, &$0) } }
        for input in inputs { graph.message(11) { ONNXGraph.encodeValueInfo(name: input.name, shape: input.shape, &$0) } }
        for output in outputs { graph.message(12) { ONNXGraph.encodeValueInfo(name: output.name, shape: output.shape, &$0) } }
    }

    private static func encode(_ attribute: Attribute, _ proto: inout ProtobufWriter) {
        switch attribute {
        case .float(let name, let value):
            proto.string(1, name)
            proto.float(2, value)
            proto.int(20, 1)  // AttributeType FLOAT
        case .int(let name, let value):
            proto.string(1, name)
            proto.int(3, value)
            proto.int(20, 2)  // INT
        case .ints(let name, let values):
            proto.string(1, name)
            for value in values { proto.int(8, value) }
            proto.int(20, 7)  // INTS
        }
    }

    private static func encode(_ initializer: Initializer, _ proto: inout ProtobufWriter) {
        for dim in initializer.dims { proto.int(1, dim) }
        switch initializer.values {
        case .floats(let tensor):
            proto.int(2, 1)  // FLOAT
            proto.string(8, initializer.name)
            tensor.withUnsafeBufferPointer { values in
                #if _endian(little)
                    proto.data(9, UnsafeRawBufferPointer(values))
                #else
                    var bytes: [UInt8] = []
                    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
                    proto.data(9, bytes)
                #endif
            }
        case .int64s(let values):
            proto.int(2, 7)  // INT64
            proto.string(8, initializer.name)
            var bytes: [UInt8] = []
            for value in values { withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 } }
            proto.data(9, bytes)
        }
    }

    /// A float tensor value whose first axis is the symbolic "batch".
    private static func encodeValueInfo(name: String, shape: [Int], _ proto: inout ProtobufWriter) {
        proto.string(1, name)
        proto.message(2) { type in  // TypeProto
            type.message(1) { tensor in  // tensor_type
                tensor.int(1, 1)  // elem_type FLOAT
                tensor.message(2) { shapeProto in  // TensorShapeProto
                    shapeProto.message(1) { $0.string(2, "batch") }
                    for dim in shape { shapeProto.message(1) { $0.int(1, dim) } }
                }
            }
        }
    }
}
