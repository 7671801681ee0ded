/// A model made of layers applied one after the other: the way the course builds every network.
///
/// ```swift
/// let model = Sequential {
///     Dense(25, activation: .relu)
///     Dense(15, activation: .relu)
///     Dense(10)
/// }
/// model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true),
///               optimizer: Adam(learningRate: 1e-3), metrics: [.accuracy])
/// let history = try model.fit(x, y, epochs: 40)
/// ```
///
/// The input shape is taken from the first data the model sees, or fixed up front with
/// `inputShape` (the shape of one sample, without the batch axis) so that ``summary()``
/// works before training. A model is itself a ``Layer``: `model(x)` runs it, and inside
/// ``valueWithGradient(for:of:)`` that call is recorded, for custom training loops.
///
/// The `seed` fixes the initial weights, the shuffling and the validation split: the same
/// seed gives the same training run, bit for bit, on the same machine and backend.
public final class Sequential: Layer {
    /// The layers, in order.
    public private(set) var layers: [any Layer]
    public var name: String
    public var typeName: String { "Sequential" }
    /// The shape of one input sample (without the batch axis), once known.
    public private(set) var inputShape: [Int]?
    /// The seed of the initial weights and of every random choice in training.
    public let seed: UInt64

    /// Set to true (by a callback, say) to stop `fit` after the current batch.
    public var stopTraining = false
    /// Where `fit` and `evaluate` print their progress.
    public var progressOutput: ProgressOutput = .standardOutput

    /// The loss given to ``compile(loss:optimizer:metrics:)``; nil before.
    public internal(set) var loss: (any Loss)?
    /// The optimizer given to ``compile(loss:optimizer:metrics:)``; nil before.
    public internal(set) var optimizer: (any Optimizer)?
    /// The metrics given to ``compile(loss:optimizer:metrics:)``, reported beside the loss.
    public internal(set) var metrics: [Metric] = []

    /// Whether the logits/probabilities warning was given already (it is given once).
    var hasWarnedAboutOutput = false
    /// Epochs completed over all calls of `fit`, so that a later call continues the count.
    public internal(set) var epochsCompleted = 0
    /// The history of the last call of `fit` (as Keras's `model.history`), saved with the model
    /// for reports (``History/writeReport(to:model:test:details:)``); nil before any training.
    public var history: History?

    /// The scaling of the raw inputs, applied first by every forward pass (so by `fit`,
    /// `evaluate`, `predict` and `model(x)`), saved with the model and exported as the first
    /// nodes of its ONNX graph: the model takes raw data. Fit it on the training data only.
    ///
    /// ```swift
    /// model.inputNormalization = Normalization.fit(train.x, method: .standard)
    /// ```
    public var inputNormalization: Normalization?
    /// The scaling of regression targets: `fit` and `evaluate` scale the labels with it (the
    /// loss and metrics are in scaled units, as the model learns them) and `predict` maps the
    /// outputs back, so predictions are in the targets' own units. Leave nil for classifiers.
    public var outputNormalization: Normalization?
    /// What the labels were before they became class indices (the label values or names),
    /// saved with the model so that predictions can be reported as the original labels.
    /// Set it from the training labels; `fit` and `evaluate` take the encoded labels.
    ///
    /// ```swift
    /// let encoding = try LabelEncoding(labels: train.y)          // labels 2 and 5
    /// model.labelEncoding = encoding
    /// try model.fit(train.x, try encoding.encode(train.y))       // trains on 0 and 1
    /// ```
    public var labelEncoding: LabelEncoding?

    /// A model of the layers the closure lists.
    ///
    /// - Parameters:
    ///   - inputShape: the shape of one sample, if known up front (`[400]`, `[28, 28, 1]`).
    ///   - seed: fixes initial weights and training's random choices; by default each model
    ///     a program creates gets the next of 0, 1, 2, ...
    ///   - name: the model's name in summaries.
    ///   - layers: the layers, in order, one per line of the closure.
    public convenience init(
        inputShape: [Int]? = nil, seed: UInt64? = nil, name: String = "sequential",
        @LayerBuilder _ layers: () -> [any Layer]
    ) {
        self.init(layers(), inputShape: inputShape, seed: seed, name: name)
    }

    /// A model of the given layers.
    public init(_ layers: [any Layer], inputShape: [Int]? = nil, seed: UInt64? = nil, name: String = "sequential") {
        self.layers = layers
        self.name = name
        self.seed = seed ?? DefaultSeeds.next()
        Sequential.assignUniqueNames(layers)
        if let inputShape {
            var generator = RandomGenerator(seed: self.seed)
            build(inputShape: inputShape, generator: &generator)
        }
    }

    /// Appends a layer (before the model is built).
    public func add(_ layer: any Layer) {
        require(inputShape == nil, "cannot add a layer to model '\(name)' after it is built")
        layers.append(layer)
        Sequential.assignUniqueNames(layers)
    }

    /// Gives each layer a Keras-style name unique in the model: "dense", "dense_1", ...
    /// Names a user chose are kept.
    static func assignUniqueNames(_ layers: [any Layer]) {
        var used = Set<String>()
        for layer in layers {
            var candidate = layer.name
            var suffix = 1
            while used.contains(candidate) {
                candidate = "\(layer.name)_\(suffix)"
                suffix += 1
            }
            layer.name = candidate
            used.insert(candidate)
        }
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    /// The parameters an optimizer may change: those with ``Parameter/isTrainable`` set.
    public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }
    public var isBuilt: Bool { inputShape != nil }

    /// Builds every layer in order, each from the output shape of the one before, with
    /// initial weights drawn from one generator in layer order.
    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        if let existing = self.inputShape {
            require(
                existing == inputShape,
                "model '\(name)' was built for samples of shape \(existing), got \(inputShape)")
            return
        }
        // Layers that do not fit stop here, before any weight exists: a programmer's error,
        // since every entry point that takes shapes from data makes a plan first and throws.
        // No size limits: a model built in code is as large as its author asked.
        do {
            _ = try ArchitecturePlan(layers: layers, inputShape: inputShape, limits: .unlimited)
        } catch {
            fatalError("model '\(name)': \(error)")
        }
        var shape = inputShape
        for layer in layers {
            layer.build(inputShape: shape, generator: &generator)
            do { shape = try layer.outputShape(forInputShape: shape) } catch { fatalError("model '\(name)': \(error)") }
        }
        self.inputShape = inputShape
    }

    /// Checks the layers against samples of `sampleShape` and the size limits, before
    /// anything is allocated.
    ///
    /// - Throws: ``ArchitectureError`` naming the first layer that does not fit.
    public func plan(forInputShape sampleShape: [Int], limits: SizeLimits = .standard) throws -> ArchitecturePlan {
        try ArchitecturePlan(layers: layers, inputShape: sampleShape, limits: limits)
    }

    /// Checks the layers against the samples of `x` and batches of `batchSize` of them, then
    /// builds the model from its own seed if it is not built yet. A model built already is
    /// held to the activation limit only: its weights exist.
    func prepareArchitecture(for x: Tensor, batchSize: Int) throws {
        let sampleShape = Array(x.shape.dropFirst())
        var limits = SizeLimits.standard
        if isBuilt { limits.maximumParameters = .max }
        let plan = try plan(forInputShape: sampleShape, limits: limits)
        try plan.checkActivations(batchSize: Swift.min(batchSize, x.shape[0]), limits: limits)
        guard !isBuilt else { return }
        var generator = RandomGenerator(seed: seed)
        build(inputShape: sampleShape, generator: &generator)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try layers.reduce(inputShape) { shape, layer in try layer.outputShape(forInputShape: shape) }
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        try plan(forInputShape: inputShape).steps.flatMap { step in
            step.parameters.map { ParameterShape("\(step.name).\($0.name)", $0.shape) }
        }
    }

    /// The shape of one output sample, once the input shape is known.
    public var outputShape: [Int]? { inputShape.flatMap { try? outputShape(forInputShape: $0) } }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        if !isBuilt {
            var generator = RandomGenerator(seed: seed)
            build(inputShape: Array(input.shape.dropFirst()), generator: &generator)
        }
        var x = inputNormalization.map { $0(input) } ?? input
        for layer in layers { x = layer.forward(x, training: training) }
        return x
    }

    /// Whether every weight is a finite number: false after a diverged training, and for a
    /// model file whose weights hold NaN or infinity, which should not be used.
    public var hasFiniteWeights: Bool {
        parameters.allSatisfy { parameter in
            parameter.value.withUnsafeBufferPointer { values in values.allSatisfy(\.isFinite) }
        }
    }

    /// The values of every parameter, in order (Keras's `get_weights`).
    public var weights: [Tensor] { parameters.map(\.value) }

    /// Replaces every parameter's value (Keras's `set_weights`); shapes must match.
    public func setWeights(_ values: [Tensor]) {
        let parameters = self.parameters
        require(
            values.count == parameters.count,
            "model '\(name)' has \(parameters.count) weight tensors, got \(values.count)")
        for (parameter, value) in zip(parameters, values) {
            require(
                parameter.value.shape == value.shape,
                "weight '\(parameter.name)' has shape \(parameter.value.shape), got \(value.shape)")
            parameter.value = value
        }
    }
}
