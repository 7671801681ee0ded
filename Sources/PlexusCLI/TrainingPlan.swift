import Plexus

/// What `plexus train` decided from the data and the options: the task, the scaling of the
/// inputs (and of regression targets), which the network carries, the network, its loss and optimizer.
struct TrainingPlan {
    let task: LearningTask
    let encoding: LabelEncoding
    /// The network: a ``Sequential`` of the layer list, or a graph preset.
    let network: Model
    /// The loss the network is compiled with.
    let loss: any Loss
    /// The shape one sample is given to the network in (images keep theirs for convolutions,
    /// and are flattened for dense-only networks).
    let sampleShape: [Int]
    let classNames: [String]?
    let imageShape: [Int]?

    init(
        train: Dataset, encoding: LabelEncoding, layers layerText: String?, model preset: ModelPreset?, loss lossChoice: LossChoice?,
        optimizer: OptimizerChoice, learningRate: Float?, weightDecay: Float?, normalize: NormalizeChoice?, seed: UInt64
    ) throws {
        task = encoding.task
        self.encoding = encoding
        classNames = encoding.classNames.isEmpty ? nil : encoding.classNames
        imageShape = train.imageShape

        // Layers: given, a preset's, or the course's hidden layers with an output fit for the
        // task; nil for a preset that is a graph.
        let outputs = TrainingPlan.outputWidth(task: task, train: train)
        let presetNote = layerText == nil ? preset.map { "; the preset '\($0.rawValue)' is for \($0.purpose)" } ?? "" : ""
        let layers: [any Layer]?
        if let layerText {
            layers = try LayerSpecification.parse(layerText)
        } else if let preset {
            layers = try preset.layerList.map(LayerSpecification.parse)
        } else {
            let output: String
            switch task {
            case .multiclass: output = "\(outputs)"
            case .binary, .multilabel: output = "\(outputs):sigmoid"
            case .regression: output = "\(outputs)"
            }
            layers = try LayerSpecification.parse("25:relu,15:relu," + output)
        }
        let convolutional = layers?.contains(where: \.expectsImages) ?? preset?.expectsImages ?? false
        if convolutional {
            guard let imageShape = train.imageShape else {
                throw InputError(
                    "convolution and pooling layers need images, but \(train.name) has samples of shape \(train.sampleShape) and no image shape\(presetNote)"
                )
            }
            sampleShape = imageShape
        } else {
            sampleShape = [train.sampleShape.reduce(1, *)]
        }
        if let layers {
            do {
                _ = try ArchitecturePlan(layers: layers, inputShape: sampleShape)
            } catch let error as ArchitectureError {
                throw InputError(
                    "the layers do not fit \(train.name) (samples of shape \(sampleShape)): \(error.description)\(presetNote)")
            }
        }

        // Inputs standardised by default, with statistics from the training set: tables column by
        // column; images with one mean and deviation over all pixels (as torchvision's Normalize).
        // Zero-centred pixels train faster than pixels in [0, 1]: the Fashion-MNIST CNN gains about
        // a point of test accuracy at 3 epochs (0.887 -> 0.898, three seeds), the digits 0.969 -> 0.981.
        // A first layer that takes indices (embedding) must see them unscaled, and a first layer
        // that adapts to the data (normalization) scales them itself: both default to none.
        let first = layers?.first
        let adaptable = first as? any AdaptableLayer
        if let misplaced = layers?.dropFirst().first(where: { $0 is any AdaptableLayer }) {
            throw InputError(
                "\(misplaced.typeName) adapts to the training data as it is read, so it can only be the first entry of --layers")
        }
        let method = normalize ?? (first?.takesIndices == true || adaptable != nil ? .none : .standard)
        if let first, first.takesIndices, method != NormalizeChoice.none {
            throw InputError(
                "--layers starts with \(first.typeName), which takes whole-number indices as they are: leave out --normalize (or give none)"
            )
        }

        let flat = train.features.reshaped([train.count, -1])
        let inputScaling: Normalization?
        switch method {
        case .standard:
            // Images: one mean and deviation for all pixels, as torchvision's Normalize((0.286,), (0.353,)).
            inputScaling =
                train.imageShape == nil
                ? Normalization.fit(flat, method: .standard) : TrainingPlan.wholeStandard(flat)
        case .minmax:
            // Images: one range for all pixels (per-pixel ranges would blow up rare pixels).
            inputScaling =
                train.imageShape == nil
                ? Normalization.fit(flat, method: .minMax) : TrainingPlan.wholeRange(flat)
        case .none: inputScaling = nil
        }
        let targetScaling = task == .regression ? Normalization.fit(train.labels.reshaped([train.count, -1]), method: .standard) : nil

        try adaptable?.adapt((inputScaling.map { $0(flat) } ?? flat).reshaped([train.count] + sampleShape))
        switch (layers, preset) {
        case (let layers?, _): network = Sequential(layers, inputShape: sampleShape, seed: seed)
        case (nil, let preset?): network = try preset.model(sampleShape: sampleShape, outputs: outputs, seed: seed)
        case (nil, nil): fatalError("a layer list is made whenever no preset is given")
        }
        // The scaling and the labels' meaning belong to the model: saved with it, used by
        // evaluate and predict.
        network.inputNormalization = inputScaling
        network.outputNormalization = targetScaling
        network.labelEncoding = encoding
        let outputShape = network.outputShapes.first ?? nil
        let lastActivation = network.finalActivation
        if case .multilabel(let labels) = task, lastActivation == .softmax {
            throw InputError(
                "a softmax output makes the labels compete, but multi-label needs a yes or no for each: end --layers with \(labels):sigmoid (or \(labels) for logits)"
            )
        }
        let width = outputShape?.last ?? 1
        loss = try TrainingPlan.loss(lossChoice, task: task, outputs: width, lastActivation: lastActivation)
        try TrainingTargets.checkLoss(loss, task: task, outputs: width)
        network.compile(
            loss: [loss], optimizer: optimizer.make(learningRate: learningRate, weightDecay: weightDecay),
            metrics: task.isClassification ? [.accuracy] : [.meanAbsoluteError])
    }

    /// How many values the network's last layer gives for the task: one per class, one for a
    /// yes or no, one per label, one per target column.
    static func outputWidth(task: LearningTask, train: Dataset) -> Int {
        switch task {
        case .multiclass(let classes): return classes
        case .binary: return 1
        case .multilabel(let labels): return labels
        case .regression: return train.labels.count / Swift.max(train.count, 1)
        }
    }

    /// "10 logits", "1 sigmoid probability", "1 linear value".
    var outputDescription: String {
        let outputs = (network.outputShapes.first ?? nil)?.last ?? 1
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
        TrainingTargets.forLoss(labels, task: task, loss: loss)
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

    /// The loss `--loss` names, from logits unless the last layer is a softmax or sigmoid; without
    /// `--loss`, the one the task calls for.
    static func loss(_ choice: LossChoice?, task: LearningTask, outputs: Int, lastActivation: Activation?) throws -> any Loss {
        let fromLogits = lastActivation != .softmax && lastActivation != .sigmoid
        switch choice {
        case .mse: return MeanSquaredError()
        case .binaryCrossentropy: return BinaryCrossentropy(fromLogits: fromLogits)
        case .sparseCategoricalCrossentropy: return SparseCategoricalCrossentropy(fromLogits: fromLogits)
        case .categoricalCrossentropy: return CategoricalCrossentropy(fromLogits: fromLogits)
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
