extension Sequential {
    /// Writes the model as an ONNX file that ONNX Runtime and other ONNX tools run: raw
    /// samples in (`input`, `[batch, ...]`, channels-last as Plexus takes them), the model's
    /// outputs out (`output`).
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
    /// ``predict(_:batchSize:)``. Dense becomes `Gemm` (or `MatMul` + `Add` on higher-rank
    /// inputs); Conv2D, MaxPooling2D and AveragePooling2D become `Conv`, `MaxPool` and
    /// `AveragePool` (exclusive of padding, as Keras averages) on channels-first data:
    /// images are transposed to NCHW before the first of them and back to NHWC before any
    /// layer that depends on the order (Flatten, Reshape, Dense, softmax), so a flattened
    /// feature map has Keras's element order. Dropout becomes `Identity`.
    ///
    /// - Parameter includeFinalActivation: for a model that outputs logits, end the graph with
    ///   the softmax (or, for one output, the sigmoid) that turns them into probabilities.
    /// - Throws: ``ModelFileError`` (kind `.notSavable`) for an unbuilt model or a layer of
    ///   your own, or ``DataError`` when the file cannot be written.
    public func exportONNX(to path: String, includeFinalActivation: Bool = false) throws {
        try AtomicFile.write(try onnxBytes(includeFinalActivation: includeFinalActivation), to: path)
    }

    /// Whether the model's last layer gives logits that a softmax or sigmoid turns into
    /// probabilities: the activation to add for them, if any.
    var probabilityActivation: Activation? {
        if let last = finalActivation, last == .softmax || last == .sigmoid { return nil }
        if let loss, Sequential.expectsLogits(loss) != true { return nil }
        if loss == nil, finalActivation != .linear { return nil }
        return (outputShape?.last ?? 1) > 1 ? .softmax : .sigmoid
    }

    /// The encoded ONNX model.
    func onnxBytes(includeFinalActivation: Bool) throws -> [UInt8] {
        guard let inputShape else {
            throw ModelFileError(.notSavable, file: nil, "model '\(name)' is not built yet; give Sequential(inputShape:) or train it before exporting")
        }
        var graph = ONNXGraph(name: name, inputShape: inputShape)
        var shape = inputShape
        var channelsFirst = false
        func toChannelsFirst() {
            guard !channelsFirst else { return }
            graph.apply("Transpose", attributes: [.ints("perm", [0, 3, 1, 2])], stem: "nchw")
            channelsFirst = true
        }
        func toChannelsLast() {
            guard channelsFirst else { return }
            graph.apply("Transpose", attributes: [.ints("perm", [0, 2, 3, 1])], stem: "nhwc")
            channelsFirst = false
        }
        func activate(_ activation: Activation) {
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

        if let inputNormalization {
            graph.apply("Sub", [graph.constant("preprocessing.input.offset", Tensor(shape: shape, scalars: inputNormalization.offset))])
            graph.apply("Div", [graph.constant("preprocessing.input.scale", Tensor(shape: shape, scalars: inputNormalization.scale))])
        }
        for layer in layers {
            let weights = Dictionary(uniqueKeysWithValues: layer.parameters.map { ($0.name, $0.value) })
            let next = try layer.outputShape(forInputShape: shape)
            switch layer {
            case let dense as Dense:
                toChannelsLast()
                let kernel = graph.constant("\(layer.name).kernel", weights["kernel"]!)
                let bias = weights["bias"].map { graph.constant("\(layer.name).bias", $0) }
                if shape.count == 1 {
                    graph.apply("Gemm", bias.map { [kernel, $0] } ?? [kernel], stem: layer.name)
                } else {
                    graph.apply("MatMul", [kernel], stem: layer.name)
                    if let bias { graph.apply("Add", [bias], stem: layer.name) }
                }
                activate(dense.activation)
            case let conv as Conv2D:
                toChannelsFirst()
                let kernel = graph.constant("\(layer.name).kernel", weights["kernel"]!.permuted([3, 2, 0, 1]))
                let bias = weights["bias"].map { graph.constant("\(layer.name).bias", $0) }
                graph.apply(
                    "Conv", bias.map { [kernel, $0] } ?? [kernel],
                    attributes: Sequential.windowAttributes(
                        window: (conv.kernelSize.height, conv.kernelSize.width), strides: (conv.strides.vertical, conv.strides.horizontal),
                        padding: conv.padding, input: shape, output: next, nameOfWindow: "kernel_shape") + [.ints("dilations", [1, 1])],
                    stem: layer.name)
                activate(conv.activation)
            case let pool as MaxPooling2D:
                toChannelsFirst()
                graph.apply(
                    "MaxPool",
                    attributes: Sequential.windowAttributes(
                        window: (pool.poolSize.height, pool.poolSize.width), strides: (pool.strides.vertical, pool.strides.horizontal),
                        padding: pool.padding, input: shape, output: next, nameOfWindow: "kernel_shape"),
                    stem: layer.name)
            case let pool as AveragePooling2D:
                toChannelsFirst()
                graph.apply(
                    "AveragePool",
                    attributes: Sequential.windowAttributes(
                        window: (pool.poolSize.height, pool.poolSize.width), strides: (pool.strides.vertical, pool.strides.horizontal),
                        padding: pool.padding, input: shape, output: next, nameOfWindow: "kernel_shape") + [.int("count_include_pad", 0)],
                    stem: layer.name)
            case is Flatten:
                toChannelsLast()
                graph.apply("Flatten", attributes: [.int("axis", 1)], stem: layer.name)
            case is Reshape:
                toChannelsLast()
                graph.apply("Reshape", [graph.constant("\(layer.name).shape", int64s: [0] + next)], stem: layer.name)
            case is Dropout:
                graph.apply("Identity", stem: layer.name)
            case let activation as ActivationLayer:
                activate(activation.activation)
            default:
                throw ModelFileError(
                    .notSavable, file: nil,
                    "layer '\(layer.name)' of type \(layer.typeName) cannot be exported to ONNX")
            }
            shape = next
        }
        toChannelsLast()
        if let outputNormalization {
            graph.apply("Mul", [graph.constant("preprocessing.output.scale", Tensor(shape: shape, scalars: outputNormalization.scale))])
            graph.apply("Add", [graph.constant("preprocessing.output.offset", Tensor(shape: shape, scalars: outputNormalization.offset))])
        }
        if includeFinalActivation, let activation = probabilityActivation {
            activate(activation)
        }
        // The last node writes the graph's output.
        if graph.nodes.isEmpty { graph.apply("Identity") }
        graph.nodes[graph.nodes.count - 1].outputs = ["output"]
        graph.output = ("output", shape)
        return graph.encoded(producerVersion: "1")
    }

    /// `kernel_shape`, `strides` and explicit `pads` ([top, left, bottom, right]) of a window
    /// over images of `input` shape giving `output` shape, with Keras's 'same' split (the
    /// smaller half before).
    static func windowAttributes(
        window: (Int, Int), strides: (Int, Int), padding: Padding, input: [Int], output: [Int], nameOfWindow: String
    ) -> [ONNXGraph.Attribute] {
        func pads(_ inputLength: Int, _ outputLength: Int, _ window: Int, _ stride: Int) -> (Int, Int) {
            guard padding == .same else { return (0, 0) }
            let total = Swift.max((outputLength - 1) * stride + window - inputLength, 0)
            return (total / 2, total - total / 2)
        }
        let (top, bottom) = pads(input[0], output[0], window.0, strides.0)
        let (left, right) = pads(input[1], output[1], window.1, strides.1)
        return [
            .ints(nameOfWindow, [window.0, window.1]), .ints("strides", [strides.0, strides.1]),
            .ints("pads", [top, left, bottom, right]),
        ]
    }
}
