/// A layer type that writes itself into an ONNX graph. Each built-in layer conforms in its own
/// file; a layer without it cannot be exported.
protocol ONNXExportable: Layer {
    /// Appends the nodes that compute the layer on `export.graph.current`.
    func exportONNX(to export: inout ONNXLayerExport) throws
}

/// What a layer exporting itself works with: the graph so far, where its data stands (Plexus
/// is channels-last; ONNX's Conv and pools want channels-first), and the layer's shapes and
/// weights.
struct ONNXLayerExport {
    var graph: ONNXGraph
    /// Whether the current value is NCHW (after a Transpose for a convolution or a pool).
    private(set) var isChannelsFirst = false
    /// The sample shape (batch left out, channels-last) the layer reads.
    var inputShape: [Int] = []
    /// The sample shape (channels-last) the layer writes.
    var outputShape: [Int] = []
    /// The layer's name, the stem of its nodes and constants.
    var layerName = ""
    /// The layer's weights by parameter name.
    var weights: [String: Tensor] = [:]

    init(graph: ONNXGraph) { self.graph = graph }

    /// Appends `layer`'s nodes for inputs of `inputShape` and returns its output shape.
    mutating func add(_ layer: any Layer, inputShape: [Int]) throws -> [Int] {
        guard let exportable = layer as? any ONNXExportable else {
            throw ModelFileError(
                .notSavable, file: nil,
                "layer '\(layer.name)' of type \(layer.typeName) cannot be exported to ONNX")
        }
        self.inputShape = inputShape
        outputShape = try layer.outputShape(forInputShape: inputShape)
        layerName = layer.name
        weights = Dictionary(uniqueKeysWithValues: layer.parameters.map { ($0.name, $0.value) })
        try exportable.exportONNX(to: &self)
        return outputShape
    }

    /// Puts the data in NCHW order, if it is not already, for Conv and pools.
    mutating func toChannelsFirst() {
        guard !isChannelsFirst else { return }
        graph.apply("Transpose", attributes: [.ints("perm", [0, 3, 1, 2])], stem: "nchw")
        isChannelsFirst = true
    }

    /// Puts the data back in Plexus's NHWC order, for layers that depend on the order.
    mutating func toChannelsLast() {
        guard isChannelsFirst else { return }
        graph.apply("Transpose", attributes: [.ints("perm", [0, 2, 3, 1])], stem: "nhwc")
        isChannelsFirst = false
    }

    /// The weight `parameter` of the layer as a constant (named `layer.parameter`), after
    /// `transform`; nil if the layer has no such weight.
    mutating func weight(_ parameter: String, _ transform: (Tensor) -> Tensor = { $0 }) -> String? {
        guard let value = weights[parameter] else { return nil }
        return graph.constant("\(layerName).\(parameter)", transform(value))
    }

    /// Appends the node for one op, named after the layer.
    mutating func apply(_ opType: String, _ extraInputs: [String] = [], attributes: [ONNXGraph.Attribute] = []) {
        graph.apply(opType, extraInputs, attributes: attributes, stem: layerName)
    }

    /// Appends the nodes of an activation; softmax works on the last axis, so channels-last.
    mutating func activate(_ activation: Activation) {
        switch activation {
        case .linear: break
        case .relu: graph.apply("Relu")
        case .sigmoid: graph.apply("Sigmoid")
        case .tanh: graph.apply("Tanh")
        case .leakyRelu(let slope): graph.apply("LeakyRelu", attributes: [.float("alpha", slope)])
        case .softmax:
            toChannelsLast()
            graph.apply("Softmax", attributes: [.int("axis", -1)])
        case .logSoftmax:
            toChannelsLast()
            graph.apply("LogSoftmax", attributes: [.int("axis", -1)])
        }
    }

    /// `kernel_shape`, `strides` and explicit `pads` ([top, left, bottom, right]) of a window
    /// giving this layer's output from its input, with Keras's 'same' split (the smaller half
    /// before).
    func windowAttributes(window: (Int, Int), strides: (Int, Int), padding: Padding) -> [ONNXGraph.Attribute] {
        func pads(_ inputLength: Int, _ outputLength: Int, _ window: Int, _ stride: Int) -> (Int, Int) {
            guard padding == .same else { return (0, 0) }
            let total = Swift.max((outputLength - 1) * stride + window - inputLength, 0)
            return (total / 2, total - total / 2)
        }
        let (top, bottom) = pads(inputShape[0], outputShape[0], window.0, strides.0)
        let (left, right) = pads(inputShape[1], outputShape[1], window.1, strides.1)
        return [
            .ints("kernel_shape", [window.0, window.1]), .ints("strides", [strides.0, strides.1]),
            .ints("pads", [top, left, bottom, right]),
        ]
    }
}
