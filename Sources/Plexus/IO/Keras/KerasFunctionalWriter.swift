/// Writes a functional ``Model`` as Keras 3.15 writes a `Functional` model: the `config.json`
/// that ``KerasFunctionalConfig`` reads (every layer, InputLayers included, each with its
/// `inbound_nodes`, a tensor named by `keras_history` `[layer, node index, 0]`; then
/// `input_layers` and `output_layers`) and the weight groups of `model.weights.h5`.
///
/// Keras lists a functional model's layers by depth (``KerasLayerOrder``) and names the weight
/// groups by that list (``KerasNames/weightGroups(forClassNames:)``), so the list is written in
/// that order. The input scaling of a one-input model is a `Normalization` layer right after
/// its InputLayer, and the output scaling of a one-output model an inverting `Normalization`
/// after the output: the single input is the deepest layer and the single output the shallowest,
/// so the list stays in Keras's order with them.
struct KerasFunctionalWriter {
    /// One entry of the layers list.
    private struct Entry {
        var className: String
        var config: [String: ConfigurationValue]
        var name: String
        var parameters: [Parameter]
        /// Each call's arguments, as `inbound_nodes` holds them.
        var inbound: [ConfigurationValue] = []
    }

    private var entries: [Entry] = []

    /// The `config.json` root object and the weights of `model`.
    static func describe(
        _ model: Model, graph: FunctionalGraph, file: String
    ) throws -> (config: [String: ConfigurationValue], weights: [KerasWeights.LayerWeights]) {
        var writer = KerasFunctionalWriter()
        var taken = Set(graph.orderedLayers.map(\.name))
        let singleInput = graph.inputLayers.count == 1, singleOutput = graph.outputSlots.count == 1
        let inputScaling = singleInput ? model.inputNormalization : nil
        let outputScaling = singleOutput ? model.outputNormalization : nil
        let inputScalingName = inputScaling.map { _ in KerasScaling.freeName("input_normalization", taken: &taken) }

        /// The tensor in `slot`, as the layers reading it name it.
        func tensor(_ slot: Int) -> ConfigurationValue {
            let (layer, call): (String, Int)
            if slot < graph.inputLayers.count, let inputScalingName {
                (layer, call) = (inputScalingName, 0)
            } else {
                (layer, call) = (graph.slotSources[slot].layer.name, graph.slotSources[slot].callIndex)
            }
            return keras(tensor: layer, call: call, shape: graph.shape(ofSlot: slot))
        }
        var index: [ObjectIdentifier: Int] = [:]
        for layer in graph.orderedLayers {
            if let input = layer as? InputLayer {
                writer.entries.append(
                    Entry(
                        className: "InputLayer", config: KerasModelConfig.inputLayerConfig(name: input.name, shape: input.shape),
                        name: input.name, parameters: []))
                if let inputScaling, let inputScalingName {
                    let (config, parameters) = try KerasScaling.layer(
                        inputScaling, shape: input.shape, invert: false, name: inputScalingName, file: file)
                    writer.entries.append(
                        Entry(
                            className: "Normalization", config: config, name: inputScalingName, parameters: parameters,
                            inbound: [call([keras(tensor: input.name, call: 0, shape: input.shape)])]))
                }
                continue
            }
            let (className, config) = try KerasLayerTranslation.savedConfig(of: layer, file: file)
            index[ObjectIdentifier(layer)] = writer.entries.count
            writer.entries.append(Entry(className: className, config: config, name: layer.name, parameters: layer.parameters))
        }
        // Steps run in call order, so each layer's calls are appended in node order.
        for step in graph.steps {
            let arguments = step.inputSlots.map(tensor)
            writer.entries[index[ObjectIdentifier(step.layer)]!].inbound.append(call(step.merge == nil ? arguments : [.array(arguments)]))
        }
        var outputs = graph.outputSlots.map(tensor)
        if let outputScaling, let shape = graph.outputShapes[0] {
            let name = KerasScaling.freeName("output_scaling", taken: &taken)
            let (config, parameters) = try KerasScaling.layer(outputScaling, shape: shape, invert: true, name: name, file: file)
            writer.entries.append(
                Entry(className: "Normalization", config: config, name: name, parameters: parameters, inbound: [call(outputs)]))
            outputs = [keras(tensor: name, call: 0, shape: shape)]
        }
        let inputs = graph.inputLayers.map { keras(tensor: $0.name, call: 0, shape: $0.shape) }
        return (writer.root(model: model, inputs: inputs, outputs: outputs), writer.weights(modelName: model.name))
    }

    // MARK: The JSON

    private func root(model: Model, inputs: [ConfigurationValue], outputs: [ConfigurationValue]) -> [String: ConfigurationValue] {
        // A model of one input or output names it flat (["dense", 0, 0]), as Keras does.
        func references(_ tensors: [ConfigurationValue]) -> ConfigurationValue {
            let histories = tensors.map(KerasFunctionalWriter.history)
            return histories.count == 1 ? histories[0] : .array(histories)
        }
        let layers: [ConfigurationValue] = entries.map { entry in
            .object([
                "module": .string("keras.layers"), "class_name": .string(entry.className), "config": .object(entry.config),
                "registered_name": .null, "name": .string(entry.name), "inbound_nodes": .array(entry.inbound),
            ])
        }
        return [
            "module": .string("keras.src.models.functional"), "class_name": .string("Functional"),
            "registered_name": .string("Functional"), "build_config": .object(["input_shape": .null]),
            "config": .object([
                "name": .string(model.name), "trainable": .bool(true), "layers": .array(layers),
                "input_layers": references(inputs), "output_layers": references(outputs),
            ]),
            "compile_config": CompileConfiguration(of: model).map { .object(KerasCompile.encode($0, outputs: model.outputCount)) } ?? .null,
        ]
    }

    private func weights(modelName: String) -> [KerasWeights.LayerWeights] {
        zip(KerasNames.weightGroups(forClassNames: entries.map(\.className)), entries).map { group, entry in
            KerasWeights.LayerWeights(group: group, name: entry.name, parameters: entry.parameters)
        }
    }

    /// One call's `inbound_nodes` item: its arguments, no keyword arguments.
    private static func call(_ arguments: [ConfigurationValue]) -> ConfigurationValue {
        .object(["args": .array(arguments), "kwargs": .object([:])])
    }

    /// A `__keras_tensor__`: the output of `layer`'s call `call`, of sample shape `shape`.
    private static func keras(tensor layer: String, call: Int, shape: [Int]) -> ConfigurationValue {
        .object([
            "class_name": .string("__keras_tensor__"),
            "config": .object([
                "shape": .array([.null] + shape.map(ConfigurationValue.integer)), "dtype": .string("float32"),
                "keras_history": .array([.string(layer), .integer(call), .integer(0)]),
            ]),
        ])
    }

    /// The `keras_history` of a `__keras_tensor__`.
    private static func history(_ tensor: ConfigurationValue) -> ConfigurationValue {
        guard case .object(let object) = tensor, case .object(let config)? = object["config"], let history = config["keras_history"] else {
            return .null
        }
        return history
    }
}
