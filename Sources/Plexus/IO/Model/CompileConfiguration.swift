/// The settings given to ``Model/compile(loss:optimizer:metrics:)`` as a saved model
/// writes them, so that a loaded model trains on as it did.
///
/// ```json
/// {"loss": {"name": "sparse_categorical_crossentropy", "from_logits": true},
///  "optimizer": {"name": "adam", "learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-07},
///  "metrics": ["accuracy"]}
/// ```
struct CompileConfiguration: Codable, Equatable {
    struct LossSettings: Codable, Equatable {
        var name: String
        var fromLogits: Bool?

        /// The loss, after checking the settings.
        func makeLoss(file: String) throws -> any Loss {
            let fromLogits = self.fromLogits ?? false
            switch name {
            case "mean_squared_error": return MeanSquaredError()
            case "binary_crossentropy": return BinaryCrossentropy(fromLogits: fromLogits)
            case "sparse_categorical_crossentropy": return SparseCategoricalCrossentropy(fromLogits: fromLogits)
            case "categorical_crossentropy": return CategoricalCrossentropy(fromLogits: fromLogits)
            default:
                throw ModelFileError(.unsupported, file: file, "\(file): unknown loss '\(ErrorText.cut(name, limit: 40))'")
            }
        }

        /// The settings of `loss`; nil for a loss of one's own.
        init?(of loss: any Loss) {
            switch loss {
            case is MeanSquaredError: self.init(name: loss.name)
            case let loss as BinaryCrossentropy: self.init(name: loss.name, fromLogits: loss.fromLogits)
            case let loss as SparseCategoricalCrossentropy: self.init(name: loss.name, fromLogits: loss.fromLogits)
            case let loss as CategoricalCrossentropy: self.init(name: loss.name, fromLogits: loss.fromLogits)
            default: return nil
            }
        }

        init(name: String, fromLogits: Bool? = nil) {
            self.name = name
            self.fromLogits = fromLogits
        }
    }

    struct OptimizerSettings: Codable, Equatable {
        var name: String
        var learningRate: Float
        var beta1: Float?
        var beta2: Float?
        var epsilon: Float?
        var momentum: Float?
        var nesterov: Bool?
        var rho: Float?
        var weightDecay: Float?
    }

    var loss: LossSettings
    var optimizer: OptimizerSettings
    var metrics: [String]
    /// One loss per output, for a model of several outputs compiled so; nil for one loss.
    var outputLosses: [LossSettings]?
    /// The weights of the outputs' losses, when given.
    var lossWeights: [Float]?
    /// Each output's metrics, for a model whose outputs report different ones; nil when
    /// ``metrics`` are every output's.
    var outputMetrics: [[String]]?

    /// The settings of a compiled model; nil when it is not compiled, or uses a loss or an
    /// optimizer of its own (which cannot be described).
    init?(of model: Model) {
        guard let loss = model.loss, let optimizer = model.optimizer, let settings = LossSettings(of: loss) else { return nil }
        self.loss = settings
        var each: [LossSettings] = []
        for outputLoss in model.outputLosses {
            guard let settings = LossSettings(of: outputLoss) else { return nil }
            each.append(settings)
        }
        // One loss for every output is written as one loss, as a chain writes it.
        if each.contains(where: { $0 != settings }) { outputLosses = each }
        lossWeights = model.lossWeights
        switch optimizer {
        case let adam as Adam:
            self.optimizer = OptimizerSettings(
                name: adam.name, learningRate: adam.learningRate, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon)
        case let adamw as AdamW:
            self.optimizer = OptimizerSettings(
                name: adamw.name, learningRate: adamw.learningRate, beta1: adamw.beta1, beta2: adamw.beta2,
                epsilon: adamw.epsilon, weightDecay: adamw.weightDecay)
        case let sgd as SGD:
            self.optimizer = OptimizerSettings(
                name: sgd.name, learningRate: sgd.learningRate, momentum: sgd.momentum, nesterov: sgd.nesterov)
        case let rmsprop as RMSprop:
            self.optimizer = OptimizerSettings(
                name: rmsprop.name, learningRate: rmsprop.learningRate, epsilon: rmsprop.epsilon, rho: rmsprop.rho)
        default:
            return nil
        }
        let metricsOfEach = model.outputMetrics.map { $0.map(\.name) }
        // The same metrics on every output are written once, as a chain writes them.
        if let first = metricsOfEach.first, metricsOfEach.allSatisfy({ $0 == first }) {
            metrics = first
        } else {
            metrics = []
            outputMetrics = metricsOfEach
        }
    }

    /// Compiles `model` with these settings, checked against its outputs.
    func compile(_ model: Model, file: String) throws {
        let losses = try makeOutputLosses(file: file, outputs: model.outputCount)
        let weights = try checkedLossWeights(file: file, outputs: model.outputCount)
        let optimizer = try makeOptimizer(file: file)
        if let outputMetrics {
            guard outputMetrics.count == model.outputCount else {
                throw ModelFileError(
                    .mismatch, file: file, "\(file): metrics for \(outputMetrics.count) outputs, for a model of \(model.outputCount)")
            }
            model.compile(
                loss: losses, lossWeights: weights, optimizer: optimizer,
                outputMetrics: try outputMetrics.map { try CompileConfiguration.metrics(named: $0, file: file) })
        } else {
            model.compile(
                loss: losses, lossWeights: weights, optimizer: optimizer,
                metrics: try CompileConfiguration.metrics(named: metrics, file: file))
        }
    }

    /// The loss, after checking the settings.
    func makeLoss(file: String) throws -> any Loss {
        try loss.makeLoss(file: file)
    }

    /// The loss of each output (one for all when the file names one), after checking them.
    func makeOutputLosses(file: String, outputs: Int) throws -> [any Loss] {
        guard let outputLosses else { return [try makeLoss(file: file)] }
        guard outputLosses.count == outputs else {
            throw ModelFileError(.mismatch, file: file, "\(file): \(outputLosses.count) losses for a model of \(outputs) outputs")
        }
        return try outputLosses.map { try $0.makeLoss(file: file) }
    }

    /// The loss weights, checked against the number of outputs.
    func checkedLossWeights(file: String, outputs: Int) throws -> [Float]? {
        guard let lossWeights else { return nil }
        guard lossWeights.count == outputs, lossWeights.allSatisfy(\.isFinite) else {
            throw ModelFileError(.mismatch, file: file, "\(file): the loss weights must be \(outputs) finite numbers")
        }
        return lossWeights
    }

    /// The optimizer, after checking every hyperparameter (its initializer stops on bad ones).
    func makeOptimizer(file: String) throws -> any Optimizer {
        let settings = optimizer
        func fail(_ why: String) -> ModelFileError {
            ModelFileError(.malformed, file: file, "\(file): optimizer '\(settings.name)': \(why)")
        }
        func unit(_ value: Float?, _ what: String, default fallback: Float, closed: Bool = false) throws -> Float {
            let value = value ?? fallback
            guard value >= 0, closed ? value <= 1 : value < 1 else {
                throw fail("\(what) must be in [0, 1\(closed ? "]" : ")"), got \(value)")
            }
            return value
        }
        guard settings.learningRate.isFinite, settings.learningRate >= 0 else {
            throw fail("the learning rate must be finite and not negative, got \(settings.learningRate)")
        }
        let epsilon = settings.epsilon ?? 1e-7
        guard epsilon > 0, epsilon.isFinite else { throw fail("epsilon must be positive, got \(epsilon)") }
        switch settings.name {
        case "adam":
            return Adam(
                learningRate: settings.learningRate, beta1: try unit(settings.beta1, "beta1", default: 0.9),
                beta2: try unit(settings.beta2, "beta2", default: 0.999), epsilon: epsilon)
        case "adamw":
            let weightDecay = settings.weightDecay ?? 0.004
            guard weightDecay >= 0, weightDecay.isFinite else {
                throw fail("the weight decay must be finite and not negative, got \(weightDecay)")
            }
            return AdamW(
                learningRate: settings.learningRate, weightDecay: weightDecay,
                beta1: try unit(settings.beta1, "beta1", default: 0.9), beta2: try unit(settings.beta2, "beta2", default: 0.999),
                epsilon: epsilon)
        case "SGD", "sgd":
            return SGD(
                learningRate: settings.learningRate, momentum: try unit(settings.momentum, "momentum", default: 0, closed: true),
                nesterov: settings.nesterov ?? false)
        case "rmsprop":
            return RMSprop(learningRate: settings.learningRate, rho: try unit(settings.rho, "rho", default: 0.9), epsilon: epsilon)
        default:
            throw ModelFileError(.unsupported, file: file, "\(file): unknown optimizer '\(settings.name)'")
        }
    }

    /// The metrics of `names`, their reported names.
    private static func metrics(named names: [String], file: String) throws -> [Metric] {
        try names.map { name in
            switch name {
            case "accuracy": return .accuracy
            case "mse": return .meanSquaredError
            case "mae": return .meanAbsoluteError
            default: throw ModelFileError(.unsupported, file: file, "\(file): unknown metric '\(name)'")
            }
        }
    }
}

extension CompileConfiguration {
    /// Settings given part by part (for files of other formats): one loss for every output, or
    /// one per output (the first is then ``loss``), the outputs' loss weights if given, and
    /// metrics for every output or, with `outputMetrics`, for each.
    init(
        loss: LossSettings, optimizer: OptimizerSettings, metrics: [String], outputLosses: [LossSettings]? = nil,
        lossWeights: [Float]? = nil, outputMetrics: [[String]]? = nil
    ) {
        self.loss = loss
        self.optimizer = optimizer
        self.metrics = metrics
        self.outputMetrics = outputMetrics
        // Written as a chain writes it when every output has the same loss.
        if let outputLosses, outputLosses.contains(where: { $0 != loss }) { self.outputLosses = outputLosses }
        self.lossWeights = lossWeights
    }
}
