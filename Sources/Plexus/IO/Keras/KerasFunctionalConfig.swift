/// A Keras 3 functional model's `config.json` (`class_name` "Functional"), read into the graph
/// description Plexus's own model files use (``GraphConfiguration``): its layers, each with the
/// tensors every call of it reads (`inbound_nodes`, a tensor named by `keras_history`
/// `[layer, node index, tensor index]`), its `input_layers` and `output_layers`.
///
/// Every reference is checked: a layer or call that does not exist, a tensor index above 0 (a
/// layer of several outputs, which Plexus does not have), a nested model, a cycle and an output
/// that is not a layer's output are errors naming the layer and its place.
struct KerasFunctionalConfig {
    var name: String
    /// Every entry of the `layers` list, in order (InputLayer entries included): the order of
    /// the weight groups in `model.weights.h5`.
    var classNames: [String]
    /// The layers that are not inputs, in list order, with their index in ``classNames``.
    var layers: [(entry: KerasLayerTranslation.Entry, index: Int)]
    var graph: GraphConfiguration
    var compile: [String: ConfigurationValue]?

    init(_ root: [String: ConfigurationValue], file: String) throws {
        func malformed(_ problem: String) -> ModelFileError { ModelFileError(.malformed, file: file, "\(file): config.json: \(problem)") }
        guard case .object(let config)? = root["config"], case .array(let items)? = config["layers"] else {
            throw malformed("the model has no list of layers")
        }
        guard items.count <= KerasModelConfig.maximumLayers else {
            throw malformed("\(items.count) layers, more than the \(KerasModelConfig.maximumLayers) a model may have")
        }
        if case .string(let name)? = config["name"] { self.name = name } else { name = "functional" }
        var classNames: [String] = []
        var layers: [(entry: KerasLayerTranslation.Entry, index: Int)] = []
        var inputShapes: [String: [Int]] = [:]
        /// Each layer's calls, each call the tensors it reads.
        var nodes: [String: [[GraphConfiguration.TensorReference]]] = [:]
        var order: [String] = []
        for (index, item) in items.enumerated() {
            guard case .object(let layer) = item, case .string(let layerClass)? = layer["class_name"],
                case .object(let layerConfig)? = layer["config"]
            else { throw malformed("layer entry \(index + 1) has no class_name and config") }
            guard case .string(let layerName)? = layerConfig["name"] ?? layer["name"] else {
                throw malformed("layer entry \(index + 1) (\(ErrorText.cut(layerClass, limit: 40))) has no name")
            }
            let place = "layer \(index + 1) '\(ErrorText.cut(layerName, limit: 60))' (\(ErrorText.cut(layerClass, limit: 40)))"
            guard nodes[layerName] == nil, inputShapes[layerName] == nil else {
                throw malformed("two layers are named '\(ErrorText.cut(layerName, limit: 60))'")
            }
            classNames.append(layerClass)
            if layerClass == "InputLayer" {
                inputShapes[layerName] = try KerasModelConfig.sampleShape(
                    layerConfig["batch_shape"] ?? layerConfig["batch_input_shape"], file: file)
                continue
            }
            if layerClass == "Functional" || layerClass == "Sequential" || layerClass == "Model" {
                throw ModelFileError(
                    .unsupported, file: file,
                    "\(file): config.json: \(place) is a nested model, which Plexus does not read; flatten it into one model")
            }
            guard case .array(let inbound)? = layer["inbound_nodes"], !inbound.isEmpty else {
                throw malformed("\(place) has no inbound_nodes (it is never called)")
            }
            nodes[layerName] = try inbound.enumerated().map { nodeIndex, node in
                guard case .object(let call) = node, case .array(let args)? = call["args"] else {
                    throw malformed("\(place), inbound node \(nodeIndex): not an object with args")
                }
                var references: [GraphConfiguration.TensorReference] = []
                try KerasFunctionalConfig.collectTensors(
                    .array(args), into: &references, place: "\(place), inbound node \(nodeIndex)", file: file)
                guard !references.isEmpty else { throw malformed("\(place), inbound node \(nodeIndex) reads no tensor") }
                return references
            }
            order.append(layerName)
            layers.append((.init(className: layerClass, config: layerConfig, name: layerName, place: place), index))
        }
        func references(_ key: String) throws -> [GraphConfiguration.TensorReference] {
            guard let value = config[key] else { throw malformed("the model has no \(key)") }
            // One tensor is written flat (["dense", 0, 0]), several as a list of those.
            if case .array(let parts) = value, case .string? = parts.first {
                return [try KerasFunctionalConfig.history(value, place: key, file: file)]
            }
            guard case .array(let list) = value, !list.isEmpty else { throw malformed("\(key) is not a list of tensors") }
            return try list.map { try KerasFunctionalConfig.history($0, place: key, file: file) }
        }
        let inputs = try references("input_layers").map { reference -> GraphConfiguration.Input in
            guard let shape = inputShapes[reference.layer], reference.call == 0 else {
                throw malformed("input_layers names '\(ErrorText.cut(reference.layer, limit: 60))', which is not an InputLayer")
            }
            return .init(name: reference.layer, shape: shape)
        }
        let outputs = try references("output_layers")
        for output in outputs where nodes[output.layer].map({ output.call >= $0.count }) ?? (inputShapes[output.layer] == nil) {
            throw malformed(
                "output_layers names '\(ErrorText.cut(output.layer, limit: 60))' call \(output.call), which is no layer's output")
        }
        // The calls in an order where each comes after the calls it reads, and a layer's calls
        // in their node order (so node index k is Plexus's call k): ready calls are taken pass
        // after pass; a pass that takes none means a cycle or a reference to nothing.
        var made: [String: Int] = inputShapes.mapValues { _ in 1 }
        var next: [String: Int] = [:]
        var calls: [GraphConfiguration.Call] = []
        let total = nodes.values.reduce(0) { $0 + $1.count }
        while calls.count < total {
            var progress = false
            for name in order {
                let index = next[name, default: 0]
                guard let layerNodes = nodes[name], index < layerNodes.count else { continue }
                let inbound = layerNodes[index]
                guard inbound.allSatisfy({ made[$0.layer, default: 0] > $0.call }) else { continue }
                calls.append(.init(layer: name, inbound: inbound))
                made[name, default: 0] += 1
                next[name] = index + 1
                progress = true
            }
            if !progress {
                let stuck = layers.first { next[$0.entry.name, default: 0] < nodes[$0.entry.name]!.count }!
                let node = next[stuck.entry.name, default: 0]
                let missing = nodes[stuck.entry.name]![node].first { made[$0.layer, default: 0] <= $0.call }!
                let known = nodes[missing.layer] != nil || inputShapes[missing.layer] != nil
                throw malformed(
                    "\(stuck.entry.place), inbound node \(node) reads '\(ErrorText.cut(missing.layer, limit: 60))' node \(missing.call), "
                        + (known
                            ? "which never comes before it (a cycle, or a node that does not exist)" : "which is not a layer of the model"))
            }
        }
        self.classNames = classNames
        self.layers = layers
        self.graph = GraphConfiguration(inputs: inputs, calls: calls, outputs: outputs)
        if case .object(let compile)? = root["compile_config"], !compile.isEmpty { self.compile = compile }
    }

    /// Every `__keras_tensor__` in a call's args (a merge layer's are in a nested list), in order.
    private static func collectTensors(
        _ value: ConfigurationValue, into references: inout [GraphConfiguration.TensorReference], place: String, file: String
    ) throws {
        switch value {
        case .array(let items):
            for item in items { try collectTensors(item, into: &references, place: place, file: file) }
        case .object(let object):
            guard case .string("__keras_tensor__")? = object["class_name"], case .object(let config)? = object["config"],
                let history = config["keras_history"]
            else { return }
            guard references.count < 1_000 else {
                throw ModelFileError(.malformed, file: file, "\(file): config.json: \(place) reads more than 1000 tensors")
            }
            references.append(try self.history(history, place: place, file: file))
        default:
            return
        }
    }

    /// `["dense", 0, 0]`: a tensor reference; a tensor index other than 0 is refused.
    private static func history(_ value: ConfigurationValue, place: String, file: String) throws -> GraphConfiguration.TensorReference {
        guard case .array(let parts) = value, parts.count == 3, case .string(let layer) = parts[0],
            case .integer(let node) = parts[1], case .integer(let tensor) = parts[2], node >= 0, node < 100_000
        else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): config.json: \(place): \(ErrorText.cut(value.shortDescription, limit: 80)) is not a tensor reference [layer, node index, tensor index]"
            )
        }
        guard tensor == 0 else {
            throw ModelFileError(
                .unsupported, file: file,
                "\(file): config.json: \(place) reads output \(tensor) of '\(ErrorText.cut(layer, limit: 60))'; Plexus layers have one output"
            )
        }
        return .init(layer: layer, call: node)
    }
}
