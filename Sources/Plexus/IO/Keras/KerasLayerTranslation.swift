/// One layer of a Keras model configuration, turned into a Plexus layer and back, for every
/// registered layer type alike: Keras's class name is the Plexus type name, and its snake_case
/// options are the layer's settings (``RegisteredLayer/settings``).
///
/// Reading is strict, so that a loaded model is never silently different from the Keras one:
/// options without a Plexus setting must have the values ``KerasLayerOptions`` accepts, and
/// every other option must come back unchanged from the layer that was built with it.
enum KerasLayerTranslation {
    /// A Keras layer entry as a model configuration holds it, with its place for messages.
    struct Entry {
        var className: String
        var config: [String: ConfigurationValue]
        /// The layer's name in the model.
        var name: String
        /// "layer 3 'conv2d_1' (Conv2D)": how messages name it.
        var place: String
    }

    /// The Plexus layer an entry describes.
    ///
    /// - Throws: ``ModelFileError``: `.unsupported` for a class or option Plexus does not have,
    ///   `.malformed` for a setting out of range; the message names the layer and the option.
    static func layer(_ entry: Entry, file: String) throws -> any Layer {
        func failure(_ kind: ModelFileError.Kind, _ problem: String) -> ModelFileError {
            ModelFileError(kind, file: file, "\(file): \(entry.place): \(problem)")
        }
        guard let type = LayerRegistry.type(named: entry.className) else {
            throw failure(.unsupported, "Plexus has no such layer (it builds \(LayerRegistry.typeNameList))")
        }
        if case .bool(false)? = entry.config["trainable"] {
            throw failure(.unsupported, "trainable false (a frozen layer) is not supported")
        }
        try checkFloat32(entry.config["dtype"], failure: failure)
        var settings = LayerSettings()
        for key in entry.config.keys.sorted() where !KerasLayerOptions.ignoredEverywhere.contains(key) {
            let value = entry.config[key]!
            // Initializers do not matter (the weights come from the file); null is Keras's
            // default, which the Plexus layer's default matches.
            if key.hasSuffix("_initializer") || (value == .null && KerasLayerOptions.acceptedValues(key, className: entry.className) == nil)
            {
                continue
            }
            if let accepted = KerasLayerOptions.acceptedValues(key, className: entry.className) {
                guard accepted.contains(where: { equivalent($0, value) }) else {
                    throw failure(.unsupported, "\(key) \(value.shortDescription) is not supported")
                }
                continue
            }
            settings.set(KerasNames.settingKey(key), try plexusValue(value, key: key, failure: failure))
        }
        let layer: any Layer
        do {
            layer = try type.rebuiltLayer(settings: settings, name: entry.name)
        } catch let error as LayerSettingsError {
            throw failure(.malformed, "\(error)")
        }
        // Every option given must come back as the layer keeps it: one it dropped or changed
        // would make a different model.
        let kept = (layer as? any RegisteredLayer)?.settings ?? LayerSettings()
        for (key, value) in settings.values.sorted(by: { $0.key < $1.key }) {
            let keptValue = kept.values[key] ?? .null
            guard equivalent(value, keptValue) || sameActivation(key, value, keptValue) else {
                throw failure(.unsupported, "\(KerasNames.kerasKey(key)) \(value.shortDescription) is not supported")
            }
        }
        return layer
    }

    /// The Keras configuration of `layer` (its `config` object), from its settings.
    static func kerasConfig(of layer: any RegisteredLayer) throws -> [String: ConfigurationValue] {
        var config: [String: ConfigurationValue] = [
            "name": .string(layer.name), "trainable": .bool(true), "dtype": float32Policy,
        ]
        for (key, value) in layer.settings.values {
            config[KerasNames.kerasKey(key)] = try kerasValue(value, key: key, layer: layer)
        }
        return config
    }

    /// The Keras class name and configuration of a model's layer, for saving.
    ///
    /// - Throws: ``ModelFileError`` (`.notSavable`) for a layer type that is not registered.
    static func savedConfig(of layer: any Layer, file: String) throws -> (className: String, config: [String: ConfigurationValue]) {
        guard let registered = layer as? any RegisteredLayer, LayerRegistry.type(named: registered.typeName) != nil else {
            throw ModelFileError(
                .notSavable, file: file,
                "\(file): layer '\(layer.name)' of type \(layer.typeName) cannot be saved: it is not a registered layer type")
        }
        return (registered.typeName, try kerasConfig(of: registered))
    }

    /// Keras's float32 policy, as it writes a layer's `dtype`.
    static let float32Policy: ConfigurationValue = .object([
        "module": .string("keras"), "class_name": .string("DTypePolicy"),
        "config": .object(["name": .string("float32")]), "registered_name": .null,
    ])

    // MARK: Values

    /// A Keras option's value in the form Plexus settings use: regularizers as `{l1, l2}`.
    private static func plexusValue(
        _ value: ConfigurationValue, key: String, failure: (ModelFileError.Kind, String) -> ModelFileError
    ) throws -> ConfigurationValue {
        guard key.hasSuffix("_regularizer"), case .object(let object) = value else { return value }
        let factors: [String: String] = ["L1": "l1", "L2": "l2", "L1L2": ""]
        guard case .string(let className)? = object["class_name"], let only = factors[className],
            case .object(let config)? = object["config"]
        else {
            throw failure(.unsupported, "\(key) \(describe(value)) is not supported (Plexus has L1, L2 and L1L2)")
        }
        let l1 = only == "l2" ? .integer(0) : config["l1"] ?? .integer(0)
        let l2 = only == "l1" ? .integer(0) : config["l2"] ?? .integer(0)
        return .object(["l1": l1, "l2": l2])
    }

    /// A Plexus setting's value as Keras writes it: regularizers as Keras objects, an
    /// activation by its name.
    private static func kerasValue(_ value: ConfigurationValue, key: String, layer: any RegisteredLayer) throws -> ConfigurationValue {
        guard case .object(let object) = value else { return value }
        if key.hasSuffix("Regularizer") {
            return .object([
                "module": .string("keras.regularizers"), "class_name": .string("L1L2"),
                "config": .object(["l1": object["l1"] ?? .integer(0), "l2": object["l2"] ?? .integer(0)]),
                "registered_name": .null,
            ])
        }
        // A leaky ReLU: Keras's activation of that name has the slope 0.2 and no other.
        if case .string(let name)? = object["name"], let slope = object["slope"], equivalent(slope, .float(0.2)) {
            return .string(name)
        }
        throw ModelFileError(
            .notSavable, file: nil,
            "layer '\(layer.name)' (\(layer.typeName)): \(KerasNames.kerasKey(key)) \(describe(value)) has no Keras form (a leaky ReLU saves only with the slope 0.2)"
        )
    }

    /// Whether two activation settings name the same function ("leaky_relu" and the object
    /// Plexus keeps for it with its default slope).
    private static func sameActivation(_ key: String, _ a: ConfigurationValue, _ b: ConfigurationValue) -> Bool {
        guard key == "activation", let x = try? LayerSettings([key: a]).activation(key),
            let y = try? LayerSettings([key: b]).activation(key)
        else { return false }
        return x == y
    }

    private static func checkFloat32(_ dtype: ConfigurationValue?, failure: (ModelFileError.Kind, String) -> ModelFileError) throws {
        switch dtype {
        case nil, .null?, .string("float32")?: return
        case .object(let policy)?:
            if case .object(let config)? = policy["config"], config["name"] == .string("float32") { return }
        default: break
        }
        throw failure(.unsupported, "dtype \(describe(dtype ?? .null)) is not supported (Plexus computes in float32)")
    }

    /// A value for messages: an object by its class name when it has one.
    static func describe(_ value: ConfigurationValue) -> String {
        if case .object(let object) = value {
            if case .string(let className)? = object["class_name"] {
                if case .object(let config)? = object["config"], case .string(let name)? = config["name"] {
                    return "\(ErrorText.cut(className, limit: 40)) '\(ErrorText.cut(name, limit: 40))'"
                }
                return ErrorText.cut(className, limit: 40)
            }
        }
        return value.shortDescription
    }

    /// Whether two configuration values mean the same: numbers equal as float32, a missing
    /// value and null alike, lists and objects item by item.
    static func equivalent(_ a: ConfigurationValue, _ b: ConfigurationValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
        case (.object(let x), .object(let y)):
            return Set(x.keys).union(y.keys).allSatisfy { equivalent(x[$0] ?? .null, y[$0] ?? .null) }
        default:
            if let x = number(a), let y = number(b) { return Float(x) == Float(y) }
            return a == b
        }
    }

    private static func number(_ value: ConfigurationValue) -> Double? {
        switch value {
        case .integer(let x): return Double(x)
        case .largeInteger(let x): return Double(x)
        case .number(let x): return x
        default: return nil
        }
    }
}
