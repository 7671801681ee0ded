extension Model {
    /// Writes the model as an ONNX file that ONNX Runtime and other ONNX tools run: raw
    /// samples in (`input`, `[batch, ...]`, channels-last as Plexus takes them), the model's
    /// outputs out (`output`). A functional model of several inputs or outputs names them
    /// `input_0`, `input_1`, ... and `output_0`, ... in order; its merge layers become ONNX's
    /// `Add`, `Sub`, `Mul`, `Max`, `Concat`, and `Average` an `Add` chain and a `Div`.
    ///
    /// ```swift
    /// try model.exportONNX(to: "digits.onnx", includeFinalActivation: true)
    /// ```
    /// ```python
    /// import onnxruntime as ort
    /// probabilities = ort.InferenceSession("digits.onnx").run(None, {"input": x})[0]
    /// ```
    ///
    /// The graph starts with the model's input scaling (`Sub`, `Div`) and ends with its target
    /// scaling undone (`Mul`, `Add`), so the same raw input gives the same prediction as
    /// ``Model/predict(_:batchSize:)-(Tensor,_)``. Dense becomes `Gemm` (or `MatMul` + `Add` on higher-rank
    /// inputs); Conv2D, MaxPooling2D and AveragePooling2D become `Conv`, `MaxPool` and
    /// `AveragePool` (exclusive of padding, as Keras averages) on channels-first data:
    /// images are transposed to NCHW before the first of them and back to NHWC before any
    /// layer that depends on the order (Flatten, Reshape, Dense, softmax), so a flattened
    /// feature map has Keras's element order. Dropout becomes `Identity`. BatchNormalization
    /// and LayerNormalization become ONNX's ops of those names (opset 17), with the moving
    /// statistics: the graph is the model at inference.
    ///
    /// - Parameters:
    ///   - path: the file to write; replaced atomically.
    ///   - includeFinalActivation: for a model that outputs logits, end the graph with
    ///   the softmax (or, for one output, the sigmoid) that turns them into probabilities.
    /// - Throws: ``ModelFileError`` (kind `.notSavable`) for an unbuilt model or a layer of
    ///   your own, or ``DataError`` when the file cannot be written.
    public func exportONNX(to path: String, includeFinalActivation: Bool = false) throws {
        try AtomicFile.write(try onnxBytes(includeFinalActivation: includeFinalActivation), to: path)
    }

    /// The encoded ONNX model.
    func onnxBytes(includeFinalActivation: Bool) throws -> [UInt8] {
        if let chain = self as? Sequential { return try chain.chainONNXBytes(includeFinalActivation: includeFinalActivation) }
        guard let graph else { throw ModelFileError(.notSavable, file: nil, "model '\(name)' has no graph to export") }
        return try FunctionalONNXExport(model: self, graph: graph).bytes(includeFinalActivation: includeFinalActivation)
    }
}

extension Model {
    /// Whether the model's (first) output gives logits that a softmax or sigmoid turns into
    /// probabilities: the activation to add for them, if any.
    var probabilityActivation: Activation? { probabilityActivation(output: 0) }

    /// Whether output `index` gives logits, judged by its layer's activation and its loss:
    /// the activation that turns them into probabilities, if any.
    func probabilityActivation(output index: Int) -> Activation? {
        let activation = outputLayers.indices.contains(index) ? outputLayers[index].outputActivation : nil
        if let activation, activation == .softmax || activation == .sigmoid { return nil }
        let loss = outputLosses.indices.contains(index) ? outputLosses[index] : nil
        if let loss, Model.expectsLogits(loss) != true { return nil }
        if loss == nil, activation != .linear { return nil }
        // Binary cross-entropy trains each output as its own yes/no (multi-label): a sigmoid
        // each, never a softmax across them.
        if loss is BinaryCrossentropy { return .sigmoid }
        return ((outputShapes.indices.contains(index) ? outputShapes[index] : nil)?.last ?? 1) > 1 ? .softmax : .sigmoid
    }
}

extension Sequential {

    /// The encoded ONNX model of a chain.
    func chainONNXBytes(includeFinalActivation: Bool) throws -> [UInt8] {
        guard let inputShape else {
            throw ModelFileError(
                .notSavable, file: nil, "model '\(name)' is not built yet; give Sequential(inputShape:) or train it before exporting")
        }
        var export = ONNXLayerExport(graph: ONNXGraph(name: name, inputShape: inputShape))
        var shape = inputShape
        if let inputNormalization {
            export.graph.apply(
                "Sub", [export.graph.constant("preprocessing.input.offset", Tensor(shape: shape, scalars: inputNormalization.offset))])
            export.graph.apply(
                "Div", [export.graph.constant("preprocessing.input.scale", Tensor(shape: shape, scalars: inputNormalization.scale))])
        }
        for layer in layers {
            shape = try export.add(layer, inputShape: shape)
        }
        export.toChannelsLast()
        if let outputNormalization {
            export.graph.apply(
                "Mul", [export.graph.constant("preprocessing.output.scale", Tensor(shape: shape, scalars: outputNormalization.scale))])
            export.graph.apply(
                "Add", [export.graph.constant("preprocessing.output.offset", Tensor(shape: shape, scalars: outputNormalization.offset))])
        }
        if includeFinalActivation, let activation = probabilityActivation {
            export.activate(activation)
        }
        var graph = export.graph
        // The last node writes the graph's output.
        if graph.nodes.isEmpty { graph.apply("Identity") }
        graph.nodes[graph.nodes.count - 1].outputs = ["output"]
        graph.output = ("output", shape)
        return graph.encoded(producerVersion: "1")
    }
}
