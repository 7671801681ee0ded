/// A model: layers, the loss and optimizer that train them, and the training state. As in
/// Keras, a `Model` made from symbolic tensors is a graph of layer calls (the functional API),
/// and a ``Sequential`` is a `Model` whose graph is one chain. Both train through the same
/// `fit`, `evaluate`, `predict` and `trainOnBatch`.
///
/// ```swift
/// let input = Input(shape: [64])
/// let h1 = Dense(32, activation: .relu)(input)
/// let h2 = Dense(32, activation: .relu)(h1)
/// let output = Dense(10)(Add()([h1, h2]))
/// let model = Model(inputs: [input], outputs: [output])
/// model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(), metrics: [.accuracy])
/// try model.fit(x, y, epochs: 20)
/// ```
///
/// The layers are built when the model is made, in the order they were first called, with
/// initial weights drawn from one generator of the model's `seed`. A layer called twice is one
/// layer: its weights are shared, and listed once in ``parameters``.
public class Model {
    /// The model's name, as summaries and files show it.
    public var name: String
    // The layers, the scalings and `checkedActivationBatch` are unchecked for overlapping access:
    // each `predict` reads them, and each dynamic exclusivity check cost a single sample's
    // prediction about as much as the read; none is ever passed inout.

    /// The layers with a role in the model (not its inputs), each once, in the order they
    /// were first called: the order of ``parameters``, as Keras's `get_weights()`.
    @exclusivity(unchecked) public internal(set) var layers: [any Layer]
    /// The seed of the initial weights and of every random choice in training.
    public let seed: UInt64

    /// Set to true (by a callback, say) to stop `fit` after the current batch.
    public var stopTraining = false
    /// Where `fit` and `evaluate` print their progress.
    public var progressOutput: ProgressOutput = .standardOutput
    /// The ranks to train with, data-parallel (see ``Communicator``); nil for this process alone.
    /// `fit` uses it; `trainOnBatch` and `evaluate` do not (each rank evaluates all it is given;
    /// a loop of your own sums gradients with ``Communicator/allReduce(_:of:weight:sparse:)``).
    public var communicator: (any Communicator)?

    /// The loss given to `compile`: for a model of several outputs compiled with one loss per
    /// output, the first of them (see ``outputLosses``).
    public internal(set) var loss: (any Loss)?
    /// The loss of each output, in output order; empty before `compile`.
    public internal(set) var outputLosses: [any Loss] = []
    /// The weight of each output's loss in the total that training minimises; nil for all 1.
    public internal(set) var lossWeights: [Float]?
    /// The optimizer given to `compile`; nil before.
    public internal(set) var optimizer: (any Optimizer)?
    /// The metrics given to `compile` for every output, reported beside the loss; empty for a
    /// model compiled with metrics per output (see ``outputMetrics``).
    public internal(set) var metrics: [Metric] = []
    /// The metrics of each output, in output order: ``metrics`` for each, unless compiled with
    /// `outputMetrics:`; empty before `compile`.
    public internal(set) var outputMetrics: [[Metric]] = []

    /// Whether the logits/probabilities warning was given already (it is given once).
    var hasWarnedAboutOutput = false
    /// The largest batches whose activation memory passed the check, for a model whose plan cannot change.
    @exclusivity(unchecked) var checkedActivationBatch = CheckedBatchSizes()
    /// Epochs completed over all calls of `fit`, so that a later call continues the count.
    public internal(set) var epochsCompleted = 0
    /// The history of the last call of `fit` (as Keras's `model.history`), saved with the model
    /// for reports (``History/writeReport(to:model:test:details:)``); nil before any training.
    public var history: History?

    /// The scaling of the raw inputs of a one-input model, applied first by every forward pass
    /// (so by `fit`, `evaluate`, `predict` and `model(x)`), saved with the model and exported as
    /// the first nodes of its ONNX graph: the model takes raw data. Fit it on the training data only.
    ///
    /// ```swift
    /// model.inputNormalization = Normalization.fit(train.x, method: .standard)
    /// ```
    @exclusivity(unchecked) public var inputNormalization: Normalization?
    /// The scaling of the regression targets of a one-output model: `fit` and `evaluate` scale
    /// the labels with it (the loss and metrics are in scaled units, as the model learns them)
    /// and `predict` maps the outputs back, so predictions are in the targets' own units.
    /// Leave nil for classifiers.
    @exclusivity(unchecked) public var outputNormalization: Normalization?
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

    /// The graph of layer calls; nil for a ``Sequential``, which is its own chain.
    let graph: FunctionalGraph?

    /// A model of the layer calls that lead from `inputs` to `outputs`.
    ///
    /// ```swift
    /// let a = Input(shape: [8]), b = Input(shape: [3])
    /// let merged = Concatenate(axis: -1)([Dense(16, activation: .relu)(a), b])
    /// let model = Model(inputs: [a, b], outputs: [Dense(1)(merged)])
    /// ```
    ///
    /// - Parameters:
    ///   - inputs: the model's inputs, made by ``Input(shape:name:)``, in the order `fit` and
    ///     `predict` take their data.
    ///   - outputs: the model's outputs, in the order of their labels and losses.
    ///   - name: the model's name ("functional" by default, as in Keras).
    ///   - seed: fixes initial weights and training's random choices; by default each model
    ///     a program creates gets the next of 0, 1, 2, ...
    /// - Precondition: every output is computed from the given inputs alone, and no input is
    ///   given twice (a programming error; the error names the tensor that is missing).
    public convenience init(inputs: [SymbolicTensor], outputs: [SymbolicTensor], name: String = "functional", seed: UInt64? = nil) {
        let graph: FunctionalGraph
        do { graph = try FunctionalGraph(inputs: inputs, outputs: outputs) } catch { fatalError("model '\(name)': \(error)") }
        self.init(graph: graph, name: name, seed: seed)
    }

    /// A model of a checked graph, its layers built from `seed`.
    init(graph: FunctionalGraph, name: String, seed: UInt64?) {
        self.graph = graph
        self.name = name
        self.seed = seed ?? DefaultSeeds.next()
        self.layers = graph.layers
        var generator = RandomGenerator(seed: self.seed)
        graph.build(generator: &generator)
    }

    /// The base of ``Sequential``: a chain of `layers` and no graph.
    init(chain layers: [any Layer], name: String, seed: UInt64?) {
        self.graph = nil
        self.layers = layers
        self.name = name
        self.seed = seed ?? DefaultSeeds.next()
    }

    // MARK: What each kind of model does its own way

    /// The kind of model, as Keras names its class ("Functional", "Sequential").
    public var typeName: String { "Functional" }

    /// Whether every weight exists (a functional model builds its layers when it is made).
    public var isBuilt: Bool { true }

    /// The shape of one sample of each input (batch axis left out), nil where not yet known.
    public var inputShapes: [[Int]?] { graph?.inputShapes ?? [] }

    /// The shape of one sample of input `index`: ``inputShapes``' entry, without making the
    /// array (a single sample's predict asks).
    func inputShape(at index: Int) -> [Int]? { inputShapes[index] }

    /// The shape of one sample of each output, nil where not yet known.
    public var outputShapes: [[Int]?] { graph?.outputShapes ?? [] }

    /// The names of the outputs (the layers that make them), as Keras prefixes its
    /// per-output metrics with.
    public var outputNames: [String] { graph?.outputNames ?? [] }

    /// The layer that makes each output, for what it says about the outputs (its activation).
    var outputLayers: [any Layer] { graph?.outputLayers ?? [] }

    /// The outputs for one batch of each input. `training` is true inside `fit` (Dropout is
    /// active only then). Inside ``valueWithGradient(for:of:)`` the pass is recorded, for custom
    /// training loops.
    ///
    /// - Precondition: one tensor per input, of the input's sample shape, with one batch size.
    public func forward(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        guard let graph else { fatalError("a model without a graph must override forward") }
        var inputs = inputs
        if let inputNormalization, inputs.count == 1 { inputs[0] = inputNormalization(inputs[0]) }
        return graph.run(inputs, training: training)
    }

    /// Checks the model against samples shaped as in `inputs` and batches of `batchSize`, and
    /// builds it if it is not built yet. A graph is built and its shapes checked when it is
    /// made, so what is left is one batch's activation memory.
    func prepareArchitecture(for inputs: [Tensor], batchSize: Int, training: Bool) throws {
        try checkActivations(batchSize: Swift.min(batchSize, inputs.first?.shape.first ?? batchSize), training: training)
    }

    /// Checks that one batch of `batchSize` samples keeps its activations (and, in training,
    /// their gradients) within ``SizeLimits/maximumActivationBytes``.
    ///
    /// - Throws: ``ArchitectureError`` (`.tooLarge`) saying how much a batch would take.
    package func checkActivations(batchSize: Int, training: Bool = true) throws {
        guard let graph else { return }
        try ArchitecturePlan.checkActivations(
            perSample: graph.activationsPerSample, batchSize: batchSize, limits: .standard, training: training)
    }

    /// The prediction for `x` when the model can give it without the general path's lists of
    /// inputs and outputs, having found that every check `predict` makes passes; nil sends the
    /// call the general way, which makes those checks again and throws for the one that fails.
    /// A graph has no such path; ``Sequential`` has one for chains of Dense layers.
    func directPrediction(_ x: Tensor, batchSize: Int) -> Tensor? { nil }

    /// The checks of the layers that read the inputs, beyond their shapes (an Embedding's indices).
    func checkLayerInputs(_ inputs: [Tensor], role: String) throws {
        guard let graph else { return }
        try graph.checkLayerInputs(inputs, role: role, scaled: inputNormalization != nil, model: name)
    }

    /// Every weight with what importing it needs to know, in the order of ``parameters``.
    ///
    /// - Throws: ``ModelFileError`` when the weight shapes are not known yet (naming `path`).
    func importTargets(file path: String) throws -> [ImportTarget] {
        guard let graph else { return [] }
        return layers.flatMap { Model.importTargets(of: $0, flattenedImage: graph.flattenedImage(readBy: $0)) }
    }

    /// A model saved by ``save(to:includeOptimizer:)``: a functional model (its graph, layers,
    /// weights, compile settings), or a chain, which comes back as a ``Sequential``. The same
    /// predictions, bit for bit; a checkpoint also restores where training stood.
    ///
    /// ```swift
    /// try model.save(to: "m.plexus")
    /// let same = try Model.load(from: "m.plexus")
    /// ```
    ///
    /// The file is not trusted: see ``Sequential/load(from:)``; a graph is also checked call by
    /// call (every layer and tensor it names exists, every call's shapes fit) before any weight
    /// is made.
    /// - Throws: ``ModelFileError`` saying what is wrong, or ``DataError`` when the file cannot be read.
    public class func load(from path: String) throws -> Model {
        try loadModel(from: path)
    }

    /// The number of inputs.
    public var inputCount: Int { inputShapes.count }
    /// The number of outputs.
    public var outputCount: Int { outputShapes.count }

    /// The table ``Model/summary()`` prints.
    public var summaryText: String {
        graph.map { FunctionalSummary(model: self, graph: $0).text } ?? ""
    }
}

extension Model {
    /// The outputs for one batch of each input; see ``forward(_:training:)-([Tensor],_)``.
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) -> [Tensor] {
        withSubnormalsFlushed { forward(inputs, training: training) }
    }

    /// Every weight of every layer, in Keras's `get_weights()` order (a shared layer's once).
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    /// The scalars in all of the model's weights (a shared layer's once).
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    /// The parameters an optimizer may change: those with ``Parameter/isTrainable`` set.
    public var trainableParameters: [Parameter] { parameters.filter(\.isTrainable) }

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

    /// Prints ``summaryText``: each layer's name and type, output shape and parameter count
    /// (and for a functional model, what it is connected to), then the totals, as Keras's
    /// `model.summary()`.
    public func summary() {
        progressOutput.write(summaryText + "\n")
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
}
