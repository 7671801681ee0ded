/// A Keras model's `config.json`, as far as Plexus reads and writes it: the model's class, name,
/// input shape, layers (the input layer apart) and compile settings.
///
/// This type holds a `Sequential` model; a functional one (`class_name` "Functional") is read by
/// ``KerasFunctionalConfig`` into the graph Plexus's own files use, with the same
/// ``KerasLayerTranslation`` per layer, and written by ``KerasFunctionalWriter``.
struct KerasModelConfig {
    /// The most layers a configuration may list.
    static let maximumLayers = 10_000

    var name: String
    /// One sample's shape, without the batch axis; nil when the file does not say.
    var inputShape: [Int]?
    /// The layers, in order, without the input layer.
    var layers: [KerasLayerTranslation.Entry]
    /// `compile_config`, when the model was compiled.
    var compile: [String: ConfigurationValue]?

    init(name: String, inputShape: [Int]?, layers: [KerasLayerTranslation.Entry], compile: [String: ConfigurationValue]?) {
        self.name = name
        self.inputShape = inputShape
        self.layers = layers
        self.compile = compile
    }

    /// The configuration in a parsed `config.json`, checked.
    init(_ root: [String: ConfigurationValue], file: String) throws {
        func malformed(_ problem: String) -> ModelFileError { ModelFileError(.malformed, file: file, "\(file): config.json: \(problem)") }
        guard case .string(let className)? = root["class_name"] else { throw malformed("no model class_name") }
        guard className == "Sequential" else {
            throw ModelFileError(
                .unsupported, file: file,
                "\(file): a Keras \(ErrorText.cut(className, limit: 40)) model; Plexus reads Sequential models from .keras files")
        }
        guard case .object(let config)? = root["config"], case .array(let items)? = config["layers"] else {
            throw malformed("the model has no list of layers")
        }
        guard items.count <= KerasModelConfig.maximumLayers else {
            throw malformed("\(items.count) layers, more than the \(KerasModelConfig.maximumLayers) a model may have")
        }
        if case .string(let name)? = config["name"] { self.name = name } else { name = "sequential" }
        var layers: [KerasLayerTranslation.Entry] = []
        var inputShape: [Int]?
        for (index, item) in items.enumerated() {
            guard case .object(let layer) = item, case .string(let layerClass)? = layer["class_name"],
                case .object(let layerConfig)? = layer["config"]
            else { throw malformed("layer entry \(index + 1) has no class_name and config") }
            if layerClass == "InputLayer" {
                guard layers.isEmpty, inputShape == nil else { throw malformed("an InputLayer after the first layer") }
                inputShape = try KerasModelConfig.sampleShape(layerConfig["batch_shape"] ?? layerConfig["batch_input_shape"], file: file)
                continue
            }
            guard case .string(let layerName)? = layerConfig["name"] else {
                throw malformed("layer \(layers.count + 1) (\(ErrorText.cut(layerClass, limit: 40))) has no name")
            }
            let place = "layer \(layers.count + 1) '\(ErrorText.cut(layerName, limit: 60))' (\(ErrorText.cut(layerClass, limit: 40)))"
            layers.append(.init(className: layerClass, config: layerConfig, name: layerName, place: place))
        }
        if inputShape == nil, let built = config["build_input_shape"], built != .null {
            inputShape = try KerasModelConfig.sampleShape(built, file: file)
        }
        self.inputShape = inputShape
        self.layers = layers
        if case .object(let compile)? = root["compile_config"], !compile.isEmpty { self.compile = compile }
    }

    /// `[null, 28, 28, 1]` → `[28, 28, 1]`: a batch shape without its batch axis, every size a
    /// positive whole number.
    static func sampleShape(_ value: ConfigurationValue?, file: String) throws -> [Int] {
        guard case .array(let sizes)? = value, sizes.count >= 2, sizes.count <= 8 else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): config.json: the input shape \(value?.shortDescription ?? "is missing and") is not a batch shape of rank 2 to 8")
        }
        return try sizes.dropFirst().map { size in
            guard case .integer(let size) = size, size > 0 else {
                throw ModelFileError(
                    .unsupported, file: file,
                    "\(file): config.json: the input shape \(value!.shortDescription) has a size that is not a positive whole number (Plexus needs fixed sizes)"
                )
            }
            return size
        }
    }

    /// The `config` of an InputLayer named `name` taking samples of `shape`, as Keras 3.15 writes it.
    static func inputLayerConfig(name: String, shape: [Int]) -> [String: ConfigurationValue] {
        [
            "batch_shape": .array([.null] + shape.map(ConfigurationValue.integer)), "dtype": .string("float32"),
            "sparse": .bool(false), "ragged": .bool(false), "name": .string(name), "optional": .bool(false),
        ]
    }

    /// The `config.json` object of this model, as Keras 3.15 writes a Sequential model.
    func encoded() -> [String: ConfigurationValue] {
        let batchShape = ConfigurationValue.array([.null] + (inputShape ?? []).map(ConfigurationValue.integer))
        var layerItems: [ConfigurationValue] = []
        if inputShape != nil {
            layerItems.append(
                .object([
                    "module": .string("keras.layers"), "class_name": .string("InputLayer"), "registered_name": .null,
                    "config": .object(KerasModelConfig.inputLayerConfig(name: "input_layer", shape: inputShape ?? [])),
                ]))
        }
        for layer in layers {
            layerItems.append(
                .object([
                    "module": .string("keras.layers"), "class_name": .string(layer.className), "config": .object(layer.config),
                    "registered_name": .null,
                ]))
        }
        var config: [String: ConfigurationValue] = [
            "name": .string(name), "trainable": .bool(true), "dtype": KerasLayerTranslation.float32Policy, "layers": .array(layerItems),
        ]
        var root: [String: ConfigurationValue] = [
            "module": .string("keras"), "class_name": .string("Sequential"), "registered_name": .null,
        ]
        if inputShape != nil {
            config["build_input_shape"] = batchShape
            root["build_config"] = .object(["input_shape": batchShape])
        }
        root["config"] = .object(config)
        root["compile_config"] = compile.map(ConfigurationValue.object) ?? .null
        return root
    }
}
