/// The Keras configuration options that Plexus layers do not have as settings, by Keras class:
/// accepted only at the values listed (the ones that make the layer compute what the Plexus
/// layer computes), and dropped after that check. Everything else in a layer's configuration is
/// handed to the Plexus layer as a setting, and a setting the layer does not take back is
/// refused (see ``KerasLayerTranslation``). This table is the one place that knows Keras's
/// options per layer class; a new Plexus layer whose Keras class has such options adds a line.
enum KerasLayerOptions {
    /// Options with no effect on what a loaded model computes or how it trains here.
    static let ignoredEverywhere: Set<String> = ["name", "trainable", "dtype", "build_config", "renorm_momentum"]

    /// Options every class may carry, and the values accepted: Keras's defaults.
    static let everywhere: [String: [ConfigurationValue]] = [
        "data_format": [.null, .string("channels_last")],
        "activity_regularizer": [.null],
        "bias_regularizer": [.null],
        "quantization_config": [.null],
        "lora_rank": [.null],
        "lora_alpha": [.null],
    ]

    /// Options of one class, and the values accepted.
    static let perClass: [String: [String: [ConfigurationValue]]] = [
        "Conv2D": ["dilation_rate": [pair(1), .integer(1)], "groups": [.integer(1)]],
        "BatchNormalization": [
            "axis": [.integer(-1), .array([.integer(-1)])], "synchronized": [.bool(false)], "renorm": [.bool(false)],
            "renorm_clipping": [.null], "beta_regularizer": [.null], "gamma_regularizer": [.null],
        ],
        "LayerNormalization": [
            "axis": [.integer(-1), .array([.integer(-1)])], "center": [.bool(true)], "scale": [.bool(true)],
            "rms_scaling": [.bool(false)], "beta_regularizer": [.null], "gamma_regularizer": [.null],
        ],
        "Normalization": ["mean": [.null], "variance": [.null]],
        "Dropout": ["noise_shape": [.null]],
        "Embedding": ["mask_zero": [.bool(false)], "embeddings_regularizer": [.null], "input_length": [.null]],
        "GlobalAveragePooling1D": ["keepdims": [.bool(false)]],
        "GlobalAveragePooling2D": ["keepdims": [.bool(false)]],
        "GlobalMaxPooling2D": ["keepdims": [.bool(false)]],
    ]

    /// What the option `key` of a layer of class `className` must be, if Plexus has no setting
    /// for it; nil when the option goes to the layer's settings.
    static func acceptedValues(_ key: String, className: String) -> [ConfigurationValue]? {
        perClass[className]?[key] ?? everywhere[key] ?? (key.hasSuffix("_constraint") ? [.null] : nil)
    }

    private static func pair(_ value: Int) -> ConfigurationValue { .array([.integer(value), .integer(value)]) }
}
