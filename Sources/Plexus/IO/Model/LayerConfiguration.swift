/// One layer as a saved model describes it: its type, its name and its settings, in one flat
/// JSON object, as Keras writes a layer's config.
///
/// ```json
/// {"type": "Conv2D", "name": "conv2d", "filters": 32, "kernel_size": [3, 3], "strides": [1, 1],
///  "padding": "valid", "activation": "relu", "use_bias": true}
/// ```
///
/// The settings belong to the layer type (``RegisteredLayer/settings``); this type only puts
/// them in the file and finds, through ``LayerRegistry``, the type that reads them back.
struct LayerConfiguration: Codable, Equatable {
    var type: String
    var name: String
    var settings: LayerSettings

    init(type: String, name: String, settings: LayerSettings = LayerSettings()) {
        self.type = type
        self.name = name
        self.settings = settings
    }

    /// The description of `layer`; nil for a layer whose type is not registered.
    init?(describing layer: any Layer) {
        guard let registered = layer as? any RegisteredLayer,
            LayerRegistry.type(named: registered.typeName) != nil
        else { return nil }
        self.init(type: registered.typeName, name: layer.name, settings: registered.settings)
    }

    /// The layer described, after checking every setting (a file is never trusted: a bad
    /// value is a thrown error, not a stop inside a layer's initializer).
    func makeLayer(file: String) throws -> any Layer {
        let layerName = ErrorText.cut(name, limit: 60)
        guard let type = LayerRegistry.type(named: self.type) else {
            throw ModelFileError(
                .unsupported, file: file,
                "\(file): layer '\(layerName)' has type '\(ErrorText.cut(self.type, limit: 60))', which this Plexus cannot build (it builds \(LayerRegistry.typeNameList))"
            )
        }
        do {
            return try type.rebuiltLayer(settings: settings, name: name)
        } catch let error as LayerSettingsError {
            throw ModelFileError(.malformed, file: file, "\(file): layer '\(layerName)' (\(self.type)): \(error)")
        }
    }

    private static let reservedKeys: Set<String> = ["type", "name"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: SettingKey.self)
        type = try container.decode(String.self, forKey: SettingKey("type"))
        name = try container.decode(String.self, forKey: SettingKey("name"))
        var values: [String: ConfigurationValue] = [:]
        for key in container.allKeys where !LayerConfiguration.reservedKeys.contains(key.stringValue) {
            values[key.stringValue] = try container.decode(ConfigurationValue.self, forKey: key)
        }
        settings = LayerSettings(values)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SettingKey.self)
        try container.encode(type, forKey: SettingKey("type"))
        try container.encode(name, forKey: SettingKey("name"))
        for key in settings.values.keys.sorted() where !LayerConfiguration.reservedKeys.contains(key) {
            try container.encode(settings.values[key]!, forKey: SettingKey(key))
        }
    }
}
