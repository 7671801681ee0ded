/// A Keras `compile_config` (loss, optimizer, metrics) read as Plexus's compile settings and
/// written from them. Options Plexus does not have are refused unless they are at Keras's
/// default (gradient clipping, EMA, AMSGrad, a learning-rate schedule, ...).
enum KerasCompile {
    /// Keras loss classes and the Plexus loss names (Keras's snake_case names of the classes).
    private static let losses = [
        "MeanSquaredError": "mean_squared_error", "BinaryCrossentropy": "binary_crossentropy",
        "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
        "CategoricalCrossentropy": "categorical_crossentropy",
    ]
    /// Keras optimizer classes and the Plexus optimizer names.
    private static let optimizers = ["Adam": "adam", "AdamW": "adamw", "SGD": "sgd", "RMSprop": "rmsprop"]
    /// Keras's metric names and Plexus's.
    private static let metrics = [
        "accuracy": "accuracy", "acc": "accuracy", "mse": "mse", "mean_squared_error": "mse", "mae": "mae",
        "mean_absolute_error": "mae",
    ]
    /// Optimizer options Plexus has, as Keras spells them, and Plexus's keys.
    private static let optimizerKeys = [
        "learning_rate": "learningRate", "beta_1": "beta1", "beta_2": "beta2", "epsilon": "epsilon", "momentum": "momentum",
        "nesterov": "nesterov", "rho": "rho", "weight_decay": "weightDecay",
    ]
    /// Optimizer options accepted only at these values (their Keras defaults), and ignored ones.
    private static let optimizerDefaults: [String: [ConfigurationValue]] = [
        "clipnorm": [.null], "global_clipnorm": [.null], "clipvalue": [.null], "use_ema": [.bool(false)],
        "loss_scale_factor": [.null], "gradient_accumulation_steps": [.null], "amsgrad": [.bool(false)],
        "centered": [.bool(false)],
    ]
    private static let optimizerIgnored: Set<String> = ["name", "ema_momentum", "ema_overwrite_frequency"]
    private static let lossDefaults: [String: [ConfigurationValue]] = [
        "reduction": [.null, .string("sum_over_batch_size")], "ignore_class": [.null], "label_smoothing": [.integer(0)],
        "axis": [.integer(-1)],
    ]

    /// The compile settings in `compile`, checked, for a model whose outputs are `outputNames`
    /// (the keys of a loss or loss weights given by output).
    static func read(_ compile: [String: ConfigurationValue], outputNames: [String], file: String) throws -> CompileConfiguration {
        // The losses: one for every output, a list with one per output, or one per output by name.
        let lossEntries = try perOutput(compile["loss"], what: "the loss", outputNames: outputNames, file: file)
        let outputLosses = try (lossEntries ?? [compile["loss"] ?? .null]).map { try loss($0, file: file) }
        let lossWeights = try perOutput(compile["loss_weights"], what: "the loss weights", outputNames: outputNames, file: file)?
            .map { value -> Float in
                switch value {
                case .integer(let weight): return Float(weight)
                case .number(let weight) where Float(weight).isFinite: return Float(weight)
                default: throw unsupported(file, "a loss weight \(value.shortDescription) is not a finite number")
                }
            }
        // The optimizer.
        let (optimizerClass, optimizerConfig) = try classAndConfig(compile["optimizer"], what: "the optimizer", file: file)
        guard let optimizerName = optimizers[optimizerClass] ?? optimizers.first(where: { $0.value == optimizerClass.lowercased() })?.value
        else {
            throw unsupported(
                file,
                "the optimizer \(ErrorText.cut(optimizerClass, limit: 60)) is not supported (Plexus has Adam, AdamW, SGD and RMSprop)")
        }
        var settings: [String: ConfigurationValue] = [
            "name": .string(optimizerName), "learningRate": .float(defaultLearningRate(optimizerName)),
        ]
        for (key, value) in optimizerConfig.sorted(by: { $0.key < $1.key }) where !optimizerIgnored.contains(key) {
            if let accepted = optimizerDefaults[key] {
                guard accepted.contains(where: { KerasLayerTranslation.equivalent($0, value) }) else {
                    throw unsupported(file, "the optimizer option \(key) \(value.shortDescription) is not supported")
                }
            } else if let plexusKey = optimizerKeys[key] {
                if value == .null { continue }
                if case .object = value {
                    throw unsupported(
                        file,
                        "the optimizer's \(key) \(KerasLayerTranslation.describe(value)) is not supported (a fixed number is)")
                }
                if key == "weight_decay", optimizerName != "adamw" {
                    throw unsupported(file, "\(optimizerClass) with weight_decay \(value.shortDescription) is not supported (AdamW is)")
                }
                if key == "momentum", optimizerName == "rmsprop", !KerasLayerTranslation.equivalent(value, .integer(0)) {
                    throw unsupported(file, "RMSprop with momentum \(value.shortDescription) is not supported")
                }
                settings[plexusKey] = value
            } else {
                throw unsupported(file, "the optimizer option \(ErrorText.cut(key, limit: 60)) is not supported")
            }
        }
        // The metrics: for one output, all of them; for several, one entry (a metric, a list
        // of them or null) per output, in a list or keyed by output name, as Keras reads them.
        var metricNames: [String] = []
        var outputMetricNames: [[String]]?
        let metricsValue = compile["metrics"].flatMap { $0 == .null ? nil : $0 }
        if outputNames.count > 1, let metricsValue {
            // An empty list is no metrics; an output a dictionary leaves out has none.
            let given = metricsValue == .array([]) ? .array(Array(repeating: .null, count: outputNames.count)) : metricsValue
            guard let entries = try perOutput(given, what: "the metrics", outputNames: outputNames, missing: .null, file: file)
            else {
                throw ModelFileError(
                    .mismatch, file: file,
                    "\(file): compile_config: the metrics of a model of \(outputNames.count) outputs must be a list with one entry per output, or keyed by output name; got \(KerasLayerTranslation.describe(metricsValue))"
                )
            }
            outputMetricNames = try entries.map { try metricList($0, file: file) }
        } else if let metricsValue {
            metricNames = try metricList(metricsValue, file: file)
        }
        do {
            let optimizer = try ModelArchive.decoder.decode(
                CompileConfiguration.OptimizerSettings.self, from: ModelArchive.encoder.encode(ConfigurationValue.object(settings)))
            return CompileConfiguration(
                loss: outputLosses[0], optimizer: optimizer, metrics: metricNames,
                outputLosses: lossEntries == nil ? nil : outputLosses, lossWeights: lossWeights, outputMetrics: outputMetricNames)
        } catch {
            throw ModelFileError(
                .malformed, file: file, "\(file): compile_config: the optimizer's settings are not numbers where numbers belong")
        }
    }

    /// The Plexus names of the metrics in `value`: one metric (a name or a Keras object), null,
    /// or lists and dictionaries of them, flattened as Keras flattens them for one output (a
    /// dictionary's values in the order of its keys).
    private static func metricList(_ value: ConfigurationValue, file: String) throws -> [String] {
        switch value {
        case .null: return []
        case .array(let items): return try items.flatMap { try metricList($0, file: file) }
        case .object(let byKey) where byKey["class_name"] == nil:
            return try byKey.keys.sorted().flatMap { try metricList(byKey[$0]!, file: file) }
        default: break
        }
        let name: String?
        switch value {
        case .string(let text): name = text
        case .object(let object):
            if case .object(let config)? = object["config"], case .string(let text)? = config["name"] {
                name = text
            } else {
                name = nil
            }
        default: name = nil
        }
        guard let name, let plexusName = metrics[name] else {
            throw unsupported(
                file, "the metric \(KerasLayerTranslation.describe(value)) is not supported (Plexus has accuracy, mse and mae)")
        }
        return [plexusName]
    }

    /// An error for a setting of `file`'s compile_config that Plexus does not have.
    private static func unsupported(_ file: String, _ problem: String) -> ModelFileError {
        ModelFileError(.unsupported, file: file, "\(file): compile_config: \(problem)")
    }

    /// One loss, written as a name or a Keras object, checked.
    private static func loss(_ value: ConfigurationValue, file: String) throws -> CompileConfiguration.LossSettings {
        let (lossClass, lossConfig) = try classAndConfig(value, what: "the loss", file: file)
        guard
            let lossName = losses[lossClass] ?? losses.first(where: { $0.value == lossClass })?.value
                ?? (lossClass == "mse" ? "mean_squared_error" : nil)
        else {
            throw unsupported(
                file,
                "the loss \(ErrorText.cut(lossClass, limit: 60)) is not supported (Plexus has \(losses.keys.sorted().joined(separator: ", ")))"
            )
        }
        var fromLogits: Bool?
        for (key, value) in lossConfig.sorted(by: { $0.key < $1.key }) where key != "name" && key != "dtype" {
            if key == "from_logits", case .bool(let flag) = value {
                fromLogits = flag
                continue
            }
            guard let accepted = lossDefaults[key], accepted.contains(where: { KerasLayerTranslation.equivalent($0, value) }) else {
                throw unsupported(file, "the loss option \(key) \(value.shortDescription) is not supported")
            }
        }
        return .init(name: lossName, fromLogits: fromLogits)
    }

    /// A setting given per output, as Keras writes one: a list in the outputs' order, or an
    /// object keyed by output name (a Keras object, with a `class_name`, is one setting for all),
    /// where an output left out takes `missing` (an error when nil).
    /// Returns the values in the outputs' order; nil when `value` is one setting (or null).
    private static func perOutput(
        _ value: ConfigurationValue?, what: String, outputNames: [String], missing: ConfigurationValue? = nil, file: String
    ) throws -> [ConfigurationValue]? {
        func mismatch(_ problem: String) -> ModelFileError {
            ModelFileError(.mismatch, file: file, "\(file): compile_config: \(what): \(problem)")
        }
        switch value {
        case .array(let items)?:
            guard items.count == outputNames.count else {
                throw mismatch("\(items.count) given for a model of \(outputNames.count) outputs")
            }
            return items
        case .object(let byName)? where byName["class_name"] == nil:
            let unknown = byName.keys.filter { !outputNames.contains($0) }.sorted()
            guard unknown.isEmpty else {
                throw mismatch("no output is named \(unknown.map { "'\(ErrorText.cut($0, limit: 40))'" }.joined(separator: ", "))")
            }
            return try outputNames.map { name in
                guard let item = byName[name] ?? missing else {
                    throw mismatch("nothing is given for the output '\(ErrorText.cut(name, limit: 40))'")
                }
                return item
            }
        default:
            return nil
        }
    }

    /// Compiles `model` with the file's `compile_config`, when it has one.
    static func compile(_ model: Model, with compile: [String: ConfigurationValue]?, file: String) throws {
        guard let compile else { return }
        try read(compile, outputNames: model.outputNames, file: file).compile(model, file: file)
    }

    private static func defaultLearningRate(_ optimizer: String) -> Float { optimizer == "sgd" ? 0.01 : 0.001 }

    /// A loss or optimizer written as a name ("adam") or a Keras object (class name and config).
    private static func classAndConfig(
        _ value: ConfigurationValue?, what: String, file: String
    ) throws -> (String, [String: ConfigurationValue]) {
        switch value {
        case .string(let name)?: return (name, [:])
        case .object(let object)?:
            if case .string(let name)? = object["class_name"] {
                if case .object(let config)? = object["config"] { return (name, config) }
                return (name, [:])
            }
        default: break
        }
        throw ModelFileError(
            .unsupported, file: file,
            "\(file): compile_config: \(what) \(value.map(KerasLayerTranslation.describe) ?? "is missing and") is not one Plexus can use (a loss, or one per output, and an optimizer, each by name or as a Keras object)"
        )
    }

    /// The `compile_config` Keras 3.15 writes for these settings, of a model of `outputs`
    /// outputs.
    static func encode(_ compile: CompileConfiguration, outputs: Int) -> [String: ConfigurationValue] {
        func object(_ module: String, _ className: String, _ config: [String: ConfigurationValue]) -> ConfigurationValue {
            .object(["module": .string(module), "class_name": .string(className), "config": .object(config), "registered_name": .null])
        }
        func encodedLoss(_ loss: CompileConfiguration.LossSettings) -> ConfigurationValue {
            let lossClass = losses.first(where: { $0.value == loss.name })?.key ?? loss.name
            var lossConfig: [String: ConfigurationValue] = ["name": .string(loss.name), "reduction": .string("sum_over_batch_size")]
            if loss.name != "mean_squared_error" { lossConfig["from_logits"] = .bool(loss.fromLogits ?? false) }
            return object("keras.losses", lossClass, lossConfig)
        }
        let optimizerName = compile.optimizer.name.lowercased()
        let optimizerClass = optimizers.first(where: { $0.value == optimizerName })?.key ?? compile.optimizer.name
        let settings = compile.optimizer
        var optimizerConfig: [String: ConfigurationValue] = [
            "name": .string(optimizerName), "learning_rate": .float(settings.learningRate),
        ]
        let optional: [(String, Float?)] = [
            ("beta_1", settings.beta1), ("beta_2", settings.beta2), ("epsilon", settings.epsilon), ("momentum", settings.momentum),
            ("rho", settings.rho), ("weight_decay", settings.weightDecay),
        ]
        for (key, value) in optional { if let value { optimizerConfig[key] = .float(value) } }
        if let nesterov = settings.nesterov { optimizerConfig["nesterov"] = .bool(nesterov) }
        // Plexus's metric names ("accuracy", "mse", "mae") are Keras's too, and Keras reports a
        // metric under the name it was given: written so, both report "reg_mae".
        func metric(_ name: String) -> ConfigurationValue { .string(name) }
        let perOutputMetrics = compile.outputMetrics ?? Array(repeating: compile.metrics, count: outputs)
        return [
            // One loss per output as Keras writes a list of them (in the outputs' order).
            "loss": compile.outputLosses.map { .array($0.map(encodedLoss)) } ?? encodedLoss(compile.loss),
            "optimizer": object("keras.optimizers", optimizerClass, optimizerConfig),
            // Several outputs take one list of metrics each: Keras would give a list of one
            // metric per output to each output in turn.
            "metrics": outputs > 1
                ? .array(perOutputMetrics.map { .array($0.map(metric)) }) : .array(compile.metrics.map(metric)),
            "loss_weights": compile.lossWeights.map { .array($0.map(ConfigurationValue.float)) } ?? .null,
            "weighted_metrics": .null, "run_eagerly": .bool(false), "steps_per_execution": .integer(1), "jit_compile": .bool(false),
        ]
    }
}
