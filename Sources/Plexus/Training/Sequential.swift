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
/// `inputShape` (the shape of one sample, without the batch axis) so that ``Model/summary()``
/// works before training. A model is itself a ``Layer``: `model(x)` runs it, and inside
/// ``valueWithGradient(for:of:)`` that call is recorded, for custom training loops.
///
/// The `seed` fixes the initial weights, the shuffling and the validation split: the same
/// seed gives the same training run, bit for bit, on the same machine and backend.
public final class Sequential: Model, Layer {
    public override var typeName: String { "Sequential" }
    // Unchecked for overlapping access, as `Model.layers` is: each `predict` reads it.

    /// The shape of one input sample (without the batch axis), once known.
    @exclusivity(unchecked) public private(set) var inputShape: [Int]?
    /// The output shape, worked out once when the model is built (every predict asks for it).
    private var builtOutputShape: [Int]?

    /// A model of the layers the closure lists.
    ///
    /// - Parameters:
    ///   - inputShape: the shape of one sample, if known up front (`[400]`, `[28, 28, 1]`).
    ///   - seed: fixes initial weights and training's random choices; by default each model
    ///     a program creates gets the next of 0, 1, 2, ...
    ///   - name: the model's name, shown by the summary.
    ///   - layers: the layers, in the order they run.
    public convenience init(
        inputShape: [Int]? = nil, seed: UInt64? = nil, name: String = "sequential",
        @LayerBuilder _ layers: () -> [any Layer]
    ) {
        self.init(layers(), inputShape: inputShape, seed: seed, name: name)
    }

    /// A model of the given layers.
    public init(_ layers: [any Layer], inputShape: [Int]? = nil, seed: UInt64? = nil, name: String = "sequential") {
        super.init(chain: layers, name: name, seed: seed)
        Model.assignUniqueNames(layers)
        if let inputShape {
            var generator = RandomGenerator(seed: self.seed)
            build(inputShape: inputShape, generator: &generator)
        }
    }

    /// Appends a layer (before the model is built).
    public func add(_ layer: any Layer) {
        require(inputShape == nil, "cannot add a layer to model '\(name)' after it is built")
        layers.append(layer)
        Model.assignUniqueNames(layers)
    }

    public override var isBuilt: Bool { inputShape != nil }
    public override var inputShapes: [[Int]?] { [inputShape] }
    public override var outputShapes: [[Int]?] { [outputShape] }
    // One each, without making the arrays above (predict asks several times per call).
    public override var inputCount: Int { 1 }
    public override var outputCount: Int { 1 }
    override func inputShape(at index: Int) -> [Int]? { inputShape }
    public override var outputNames: [String] { [layers.last?.name ?? name] }
    override var outputLayers: [any Layer] { layers.last.map { [$0] } ?? [] }
    public override var summaryText: String { chainSummaryText }

    /// A model saved by ``Model/save(to:includeOptimizer:)``: the same layers, weights, compile
    /// settings and scaling, so that it predicts exactly the same numbers, bit for bit. A
    /// checkpoint (saved with `includeOptimizer: true`) also restores where training stood,
    /// and `fit` continues from there.
    ///
    /// ```swift
    /// let model = try Sequential.load(from: "digits.plexus")
    /// let probabilities = softmax(try model.predict(x))
    /// ```
    ///
    /// The file is not trusted: its header is bounded and checked against the file's size,
    /// every tensor's dtype, shape and byte range are checked, and every layer setting and
    /// weight shape is checked against the architecture, all before any weight is read.
    /// - Throws: ``ModelFileError`` saying what is wrong (not a safetensors file, truncated,
    ///   written by a newer Plexus, a weight of the wrong shape, a functional model, ...), or
    ///   ``DataError`` when the file cannot be read.
    public override class func load(from path: String) throws -> Sequential {
        guard let chain = try loadModel(from: path) as? Sequential else {
            throw ModelFileError(
                .unsupported, file: path, "\(path): a functional model (a graph of layers), not a chain; load it with Model.load(from:)")
        }
        return chain
    }

    public override func forward(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        require(inputs.count == 1, "model '\(name)' takes 1 input, got \(inputs.count)")
        return [forward(inputs[0], training: training)]
    }

    override func directPrediction(_ x: Tensor, batchSize: Int) -> Tensor? {
        denseChainPrediction(x, batchSize: batchSize)
    }

    override func prepareArchitecture(for inputs: [Tensor], batchSize: Int, training: Bool) throws {
        try prepareArchitecture(for: inputs[0], batchSize: batchSize, training: training)
    }

    /// Checks one training batch's activation memory once the input shape is known (the
    /// parameters exist already, so only the activations are held to the limits).
    package override func checkActivations(batchSize: Int, training: Bool = true) throws {
        guard let inputShape else { return }
        var limits = SizeLimits.standard
        limits.maximumParameters = .max
        try plan(forInputShape: inputShape, limits: limits).checkActivations(batchSize: batchSize, limits: limits, training: training)
    }

    override func importTargets(file path: String) throws -> [ImportTarget] {
        guard let inputShape else {
            throw ModelFileError(
                .mismatch, file: path,
                "\(path): the model '\(name)' is not built yet, so its weight shapes are unknown; create it with Sequential(inputShape: ...) first"
            )
        }
        var targets: [ImportTarget] = []
        var shape = inputShape
        // The image a Dense kernel reads flattened, kept while layers only flatten it or keep
        // its shape (Dropout, activations).
        var flattenedImage: [Int]?
        for layer in layers {
            let next = try layer.outputShape(forInputShape: shape)
            targets += Model.importTargets(of: layer, flattenedImage: flattenedImage)
            if Model.flattensImage(from: shape, to: next) {
                flattenedImage = shape
            } else if next != shape || !layer.parameters.isEmpty {
                flattenedImage = nil
            }
            shape = next
        }
        return targets
    }

    override func checkLayerInputs(_ inputs: [Tensor], role: String) throws {
        try checkFirstLayerInput(inputs[0], role: role)
    }

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
        builtOutputShape = shape
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
    func prepareArchitecture(for x: Tensor, batchSize: Int, training: Bool = true) throws {
        let batch = Swift.min(batchSize, x.shape[0])
        // A built chain's plan depends only on the sample shape, which is then its own, and the
        // limits, read once: a batch no larger than one that passed passes again. Planning
        // every layer again cost a single-sample predict more than its arithmetic.
        if isBuilt, let inputShape, x.shape.dropFirst().elementsEqual(inputShape),
            batch <= checkedActivationBatch.covering(training: training)
        {
            return
        }
        let sampleShape = Array(x.shape.dropFirst())
        var limits = SizeLimits.standard
        if isBuilt { limits.maximumParameters = .max }
        let plan = try plan(forInputShape: sampleShape, limits: limits)
        try plan.checkActivations(batchSize: batch, limits: limits, training: training)
        if !isBuilt {
            var generator = RandomGenerator(seed: seed)
            build(inputShape: sampleShape, generator: &generator)
        }
        checkedActivationBatch.record(batch, training: training)
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
    public var outputShape: [Int]? { builtOutputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        if !isBuilt {
            var generator = RandomGenerator(seed: seed)
            build(inputShape: Array(input.shape.dropFirst()), generator: &generator)
        }
        var x = inputNormalization.map { $0(input) } ?? input
        if !training, let output = denseChainInference(x) { return output }
        let layers = self.layers
        var index = 0
        while index < layers.count {
            // A convolution and the max pool after it run as one pass when they can.
            if index + 1 < layers.count, let convolution = layers[index] as? Conv2D,
                let pool = layers[index + 1] as? MaxPooling2D, let pooled = convolution.forwardPooled(x, then: pool)
            {
                x = pooled
                index += 2
                continue
            }
            x = layers[index].forward(x, training: training)
            index += 1
        }
        return x
    }
}
