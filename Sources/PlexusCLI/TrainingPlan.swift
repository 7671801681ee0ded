import Plexus

/// What `plexus train` decided from the data and the options: the task, the scaling of the
/// inputs (and of regression targets), which the network carries, the network, its loss and optimizer.
struct TrainingPlan {
    let task: LearningTask
    let encoding: LabelEncoding
    let network: Sequential
    /// The layers checked against the samples: shapes, parameters, activation memory.
    let architecture: ArchitecturePlan
    /// The shape one sample is given to the network in (images keep theirs for convolutions,
    /// and are flattened for dense-only networks).
    let sampleShape: [Int]
    let classNames: [String]?
    let imageShape: [Int]?

    init(
        train: Dataset, encoding: LabelEncoding, layers layerText: String?, model: String?, loss lossName: String?,
        optimizer: String, learningRate: Float?, weightDecay: Float?, normalize: String?, seed: UInt64
    ) throws {
        task = encoding.task
        self.encoding = encoding
        classNames = encoding.classNames.isEmpty ? nil : encoding.classNames
        imageShape = train.imageShape

        // Layers: given, a preset, or the course's hidden layers with an output fit for the task.
        let specification: String
        if let layerText {
            specification = layerText
        } else if let model {
            guard let preset = LayerSpecification.presets[model.lowercased()] else {
                throw InputError(
                    "unknown --model '\(model.prefix(40))': use \(LayerSpecification.presets.keys.sorted().joined(separator: ", "))")
            }
            specification = preset
        } else {
            switch task {
            case .multiclass(let classes): specification = "25:relu,15:relu,\(classes)"
            case .binary: specification = "25:relu,15:relu,1:sigmoid"
            case .multilabel(let labels): specification = "25:relu,15:relu,\(labels):sigmoid"
            case .regression: specification = "25:relu,15:relu,\(train.labels.count / Swift.max(train.count, 1))"
            }
        }
        let layers = try LayerSpecification.parse(specification)
        let convolutional = layers.contains(where: \.expectsImages)
        if convolutional {
            guard let imageShape = train.imageShape else {
                throw InputError(
                    "convolution and pooling layers need images, but \(train.name) has samples of shape \(train.sampleShape) and no image shape\(TrainingPlan.presetNote(model, layerText))"
                )
            }
            sampleShape = imageShape
        } else {
            sampleShape = [train.sampleShape.reduce(1, *)]
        }
        do {
            architecture = try ArchitecturePlan(layers: layers, inputShape: sampleShape)
        } catch let error as ArchitectureError {
            throw InputError(
                "the layers do not fit \(train.name) (samples of shape \(sampleShape)): \(error.description)\(TrainingPlan.presetNote(model, layerText))"
            )
        }

        // Inputs standardised by default, with statistics from the training set: tables column by
        // column; images with one mean and deviation over all pixels (as torchvision's Normalize).
        // Zero-centred pixels train faster than pixels in [0, 1]: the Fashion-MNIST CNN gains about
        // a point of test accuracy at 3 epochs (0.887 -> 0.898, three seeds), the digits 0.969 -> 0.981.
        // A first layer that takes indices (embedding) must see them unscaled, and a first layer
        // that adapts to the data (normalization) scales them itself: both default to none.
        let first = layers.first
        let adaptable = first as? any AdaptableLayer
        if let misplaced = layers.dropFirst().first(where: { $0 is any AdaptableLayer }) {
            throw InputError(
                "\(misplaced.typeName) adapts to the training data as it is read, so it can only be the first entry of --layers")
        }
        let method = normalize?.lowercased() ?? (first?.takesIndices == true || adaptable != nil ? "none" : "standard")
        if let first, first.takesIndices, method != "none" {
            throw InputError(
                "--layers starts with \(first.typeName), which takes whole-number indices as they are: leave out --normalize (or give none)"
            )
        }

        let flat = train.features.reshaped([train.count, -1])
        let inputScaling: Normalization?
        switch method {
        case "standard":
            // Images: one mean and deviation for all pixels, as torchvision's Normalize((0.286,), (0.353,)).
            inputScaling =
                train.imageShape == nil
                ? Normalization.fit(flat, method: .standard) : TrainingPlan.wholeStandard(flat)
        case "minmax":
            // Images: one range for all pixels (per-pixel ranges would blow up rare pixels).
            inputScaling =
                train.imageShape == nil
                ? Normalization.fit(flat, method: .minMax) : TrainingPlan.wholeRange(flat)
        case "none": inputScaling = nil
        default: throw InputError("unknown --normalize '\(method)': use standard, minmax or none")
        }
        let targetScaling = task == .regression ? Normalization.fit(train.labels.reshaped([train.count, -1]), method: .standard) : nil

        try adaptable?.adapt((inputScaling.map { $0(flat) } ?? flat).reshaped([train.count] + sampleShape))
        network = Sequential(layers, inputShape: sampleShape, seed: seed)
        // The scaling and the labels' meaning belong to the model: saved with it, used by
        // evaluate and predict.
        network.inputNormalization = inputScaling
        network.outputNormalization = targetScaling
        network.labelEncoding = encoding
        let outputs = architecture.outputShape.last ?? 1
        let lastActivation = network.finalActivation
        if case .multilabel(let labels) = task, lastActivation == .softmax {
            throw InputError(
                "a softmax output makes the labels compete, but multi-label needs a yes or no for each: end --layers with \(labels):sigmoid (or \(labels) for logits)"
            )
        }
        let loss = try TrainingPlan.loss(named: lossName, task: task, outputs: outputs, lastActivation: lastActivation)
        try TrainingTargets.checkLoss(loss, task: task, outputs: outputs)
        network.compile(
            loss: loss, optimizer: try OptimizerChoice.make(optimizer, learningRate: learningRate, weightDecay: weightDecay),
            metrics: task.isClassification ? [.accuracy] : [.meanAbsoluteError])
    }

    /// For a preset that does not fit: which data it is for.
    static func presetNote(_ model: String?, _ layerText: String?) -> String {
        guard layerText == nil, let model, let purpose = LayerSpecification.presetPurposes[model.lowercased()] else { return "" }
        return "; the preset '\(model)' is for \(purpose)"
    }

    /// "10 logits", "1 sigmoid probability", "1 linear value".
    var outputDescription: String {
        let outputs = network.outputShape?.last ?? 1
        let activation = network.finalActivation
        switch (task, activation) {
        case (.regression, _): return "\(outputs) linear value\(outputs == 1 ? "" : "s")"
        case (_, .some(.softmax)): return "\(outputs) softmax probabilities"
        case (_, .some(.sigmoid)): return "\(outputs) sigmoid probabilit\(outputs == 1 ? "y" : "ies")"
        default: return "\(outputs) logit\(outputs == 1 ? "" : "s")"
        }
    }

    /// A data set as the network takes it: samples reshaped (the network scales them itself)
    /// and labels encoded as class indices (see ``targets(_:)`` for the loss's form).
    func prepare(_ data: Dataset) throws -> Dataset {
        var prepared = data
        prepared.features = data.features.reshaped([data.count] + sampleShape)
        prepared.labels = try encoding.encode(data.labels, source: "\(data.name) labels")
        prepared.imageShape = nil
        return prepared
    }

    /// Prepared labels as the loss takes them (one-hot rows for categorical cross-entropy).
    func targets(_ labels: Tensor) -> Tensor {
        TrainingTargets.forLoss(labels, task: task, loss: network.loss!)
    }

    static func wholeRange(_ features: Tensor) -> Normalization {
        let low = features.min().scalar, high = features.max().scalar
        let width = features.count / Swift.max(features.shape[0], 1)
        return Normalization(
            method: .minMax, offset: Array(repeating: low, count: width),
            scale: Array(repeating: high > low ? high - low : 1, count: width))
    }

    /// One mean and standard deviation over every element (every pixel of every image).
    static func wholeStandard(_ features: Tensor) -> Normalization {
        // Two passes in Double: 47 million pixels would lose digits in a Float sum.
        let (mean, deviation) = features.withUnsafeBufferPointer { values -> (Float, Float) in
            let count = Double(Swift.max(values.count, 1))
            let mean = values.reduce(0.0) { $0 + Double($1) } / count
            let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / count
            return (Float(mean), Float(variance.squareRoot()))
        }
        let width = features.count / Swift.max(features.shape[0], 1)
        return Normalization(
            method: .standard, offset: Array(repeating: mean, count: width),
            scale: Array(repeating: deviation > 0 ? deviation : 1, count: width))
    }

    /// The canonical name of a `--loss` value ("bce" and "binary_crossentropy" are
    /// "binary-crossentropy"); an unknown name comes back lowercased, nil stays nil.
    static func lossKey(_ name: String?) -> String? {
        guard let chosen = name?.lowercased().replacingOccurrences(of: "_", with: "-") else { return nil }
        let aliases = [
            "mean-squared-error": "mse", "bce": "binary-crossentropy",
            "scce": "sparse-categorical-crossentropy", "cce": "categorical-crossentropy",
        ]
        return aliases[chosen] ?? chosen
    }

    static func loss(named name: String?, task: LearningTask, outputs: Int, lastActivation: Activation?) throws -> any Loss {
        let fromLogits = lastActivation != .softmax && lastActivation != .sigmoid
        switch lossKey(name) {
        case "mse": return MeanSquaredError()
        case "binary-crossentropy": return BinaryCrossentropy(fromLogits: fromLogits)
        case "sparse-categorical-crossentropy": return SparseCategoricalCrossentropy(fromLogits: fromLogits)
        case "categorical-crossentropy": return CategoricalCrossentropy(fromLogits: fromLogits)
        case .some(let other):
            throw InputError(
                "unknown --loss '\(other)': use mse, binary-crossentropy, sparse-categorical-crossentropy or categorical-crossentropy")
        case nil:
            switch task {
            case .regression: return MeanSquaredError()
            // One sigmoid (or logit) per label, each its own yes or no.
            case .multilabel: return BinaryCrossentropy(fromLogits: fromLogits)
            case .binary where outputs == 1: return BinaryCrossentropy(fromLogits: fromLogits)
            case .binary, .multiclass:
                let classes: Int
                if case .multiclass(let count) = task { classes = count } else { classes = 2 }
                guard outputs == classes else {
                    throw InputError(
                        "the last layer has \(outputs) outputs, but the labels have \(classes) classes: end --layers with \(classes)")
                }
                return SparseCategoricalCrossentropy(fromLogits: fromLogits)
            }
        }
    }
}
