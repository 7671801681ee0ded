/// A functional model as an ONNX graph: each layer call in the order the model runs them, each
/// reading the ONNX values of its inputs; merge layers as ONNX's elementwise ops and `Concat`.
/// Every call's output is left channels-last (NHWC, as Plexus holds it), so any call can read
/// any value; a convolution's own transposes surround it.
struct FunctionalONNXExport {
    let model: Model
    let graph: FunctionalGraph

    /// The graph's input and output names: `input`/`output` for one, `input_0`, ... for several.
    static func names(_ stem: String, count: Int) -> [String] {
        count == 1 ? [stem] : (0..<count).map { "\(stem)_\($0)" }
    }

    func bytes(includeFinalActivation: Bool) throws -> [UInt8] {
        let inputNames = Self.names("input", count: graph.inputLayers.count)
        let outputNames = Self.names("output", count: graph.outputSlots.count)
        var export = ONNXLayerExport(
            graph: ONNXGraph(
                name: model.name, inputs: Array(zip(inputNames, graph.inputLayers.map(\.shape))), reserved: Set(outputNames)))
        var values = inputNames
        if let scaling = model.inputNormalization, values.count == 1 {
            let shape = graph.inputLayers[0].shape
            export.graph.apply("Sub", [export.graph.constant("preprocessing.input.offset", Tensor(shape: shape, scalars: scaling.offset))])
            export.graph.apply("Div", [export.graph.constant("preprocessing.input.scale", Tensor(shape: shape, scalars: scaling.scale))])
            values[0] = export.graph.current
        }
        for step in graph.steps {
            let inputs = step.inputSlots.map { values[$0] }
            if let merge = step.merge {
                guard let exportable = merge as? any ONNXMergeExportable else {
                    throw ModelFileError(
                        .notSavable, file: nil, "layer '\(merge.name)' of type \(merge.typeName) cannot be exported to ONNX")
                }
                exportable.exportONNX(inputs: inputs, to: &export.graph)
            } else {
                export.graph.current = inputs[0]
                _ = try export.add(step.layer, inputShape: step.inputShapes[0])
                export.toChannelsLast()
            }
            values.append(export.graph.current)
        }
        for (index, slot) in graph.outputSlots.enumerated() {
            export.graph.current = values[slot]
            let shape = graph.shape(ofSlot: slot)
            if let scaling = model.outputNormalization, graph.outputSlots.count == 1 {
                export.graph.apply(
                    "Mul", [export.graph.constant("preprocessing.output.scale", Tensor(shape: shape, scalars: scaling.scale))])
                export.graph.apply(
                    "Add", [export.graph.constant("preprocessing.output.offset", Tensor(shape: shape, scalars: scaling.offset))])
            }
            if includeFinalActivation, let activation = model.probabilityActivation(output: index) {
                export.activate(activation)
            }
            // Each output is written by a node of its own, so that one value can be two outputs.
            export.graph.apply("Identity", inputs: [export.graph.current])
            export.graph.nodes[export.graph.nodes.count - 1].outputs = [outputNames[index]]
            export.graph.outputs.append((outputNames[index], shape))
        }
        return export.graph.encoded(producerVersion: "1")
    }
}

/// A merge layer that writes itself into an ONNX graph (each in its own file).
protocol ONNXMergeExportable: MergeLayer {
    /// Appends the nodes that merge the values `inputs`; the last one becomes `graph.current`.
    func exportONNX(inputs: [String], to graph: inout ONNXGraph)
}

extension ONNXMergeExportable {
    /// `op` applied pairwise along the inputs: ((a op b) op c) ..., as Keras merges them.
    func chain(_ op: String, _ inputs: [String], _ graph: inout ONNXGraph) {
        graph.current = inputs[0]
        for next in inputs.dropFirst() { graph.apply(op, inputs: [graph.current, next], stem: name) }
    }
}
