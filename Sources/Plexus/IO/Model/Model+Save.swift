extension Model {
    /// Saves the model to one safetensors file: its weights as named tensors
    /// (`dense.kernel`, `dense_1.bias`, ...), and as JSON in the file's metadata its
    /// architecture, compile settings and input/target scaling, under a format version.
    ///
    /// ```swift
    /// try model.save(to: "digits.plexus")
    /// let same = try Sequential.load(from: "digits.plexus")     // predicts the same numbers
    /// let graph = try Model.load(from: "resnet.plexus")        // a functional model: its graph too
    /// try model.save(to: "run.ckpt", includeOptimizer: true)    // a checkpoint to resume from
    /// ```
    ///
    /// The file is written atomically: to a temporary file in the same folder, flushed to the
    /// disk, then renamed over `path`. A crash or a kill during the save leaves the old file.
    /// Any safetensors reader (Python's `safetensors.numpy.load_file`, PyTorch, Rust) reads the
    /// weights; Keras's layout is used (Dense kernel `[in, out]`, Conv2D `[kh, kw, in, out]`).
    ///
    /// - Parameters:
    ///   - path: the file to write; an existing file is replaced only once the new one is complete.
    ///   - includeOptimizer: also save what resuming training needs: the optimizer's
    ///   step and slots (tensors `optimizer.<layer>.<parameter>.<slot>`, such as
    ///   `optimizer.dense.kernel.momentum`), the epochs completed, and how far each Dropout
    ///   layer's random generator has run. ``Model/fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)-(Tensor,_,_,_,_,_,_,_,_,_)``
    ///   on the loaded model then continues exactly as the uninterrupted run would have.
    /// A path ending in `.keras` gets a Keras 3 file instead (config.json, metadata.json and
    /// model.weights.h5 in a zip, as Keras 3.15 writes them; the weights need Debian's HDF5
    /// library, `libhdf5-103-1`): `keras.models.load_model` opens it and predicts the same
    /// numbers from the same raw inputs, the input scaling being its first layer, a Keras
    /// `Normalization`; a functional model becomes a Keras Functional model. A compiled model's
    /// optimizer state (step, learning rate, slots) is kept as Keras keeps it; the label names are not.
    ///
    /// - Throws: ``ModelFileError`` (kind `.notSavable`) for a layer of a type of your own, or
    ///   ``DataError`` when the file cannot be written. A loss or optimizer of your own is not
    ///   saved: compile the loaded model again.
    public func save(to path: String, includeOptimizer: Bool = false) throws {
        if KerasArchive.isKerasPath(path) { return try saveKeras(to: path) }
        try AtomicFile.write(try savedBytes(includeOptimizer: includeOptimizer), to: path)
    }

    /// The bytes of the saved model (see ``save(to:includeOptimizer:)``).
    func savedBytes(includeOptimizer: Bool) throws -> [UInt8] {
        var layerConfigurations: [LayerConfiguration] = []
        for layer in layers {
            guard let configuration = LayerConfiguration(describing: layer) else {
                throw ModelFileError(
                    .notSavable, file: nil,
                    "layer '\(layer.name)' of type \(layer.typeName) cannot be saved: Plexus saves registered layer types (\(LayerRegistry.typeNameList)); make it a RegisteredLayer and register it with LayerRegistry.register(_:)"
                )
            }
            layerConfigurations.append(configuration)
        }
        var tensors = namedWeights().map { (name: $0.name, tensor: $0.parameter.value) }
        var preprocessing = ModelArchive.Preprocessing()
        for (role, normalization) in [("input", inputNormalization), ("output", outputNormalization)] {
            guard let normalization else { continue }
            let scaling = ModelArchive.Preprocessing.Scaling(method: normalization.method, features: normalization.featureCount)
            if role == "input" { preprocessing.input = scaling } else { preprocessing.output = scaling }
            tensors.append((Model.preprocessingTensorName(role, "offset"), Tensor(normalization.offset)))
            tensors.append((Model.preprocessingTensorName(role, "scale"), Tensor(normalization.scale)))
        }
        var training: ModelArchive.TrainingState?
        if includeOptimizer {
            training = ModelArchive.TrainingState(
                epochsCompleted: epochsCompleted, optimizerStep: optimizer?.step ?? 0,
                dropoutGenerators: layers.compactMap { layer in
                    (layer as? Dropout)?.generator.map { .init(layer: layer.name, generator: $0) }
                })
            tensors += optimizerSlotTensors()
        }
        let archive = ModelArchive(
            architecture: .init(
                name: name, seed: seed, inputShape: (self as? Sequential)?.inputShape, layers: layerConfigurations,
                graph: graph.map(GraphConfiguration.init)),
            compile: CompileConfiguration(of: self), preprocessing: preprocessing, training: training,
            labels: labelEncoding, history: history)
        return SafetensorsWriter.encode(tensors, metadata: try archive.metadata())
    }

    /// Every parameter with its saved name, `<layer>.<parameter>`, in model order.
    func namedWeights() -> [(name: String, parameter: Parameter)] {
        layers.flatMap { layer in layer.parameters.map { ("\(layer.name).\($0.name)", $0) } }
    }

    /// The optimizer's slots that exist, as tensors `optimizer.<layer>.<parameter>.<slot>`.
    func optimizerSlotTensors() -> [(name: String, tensor: Tensor)] {
        guard let optimizer else { return [] }
        var tensors: [(name: String, tensor: Tensor)] = []
        for (name, parameter) in namedWeights() where parameter.isTrainable {
            for (slot, value) in zip(optimizer.slotNames, optimizer.state(for: parameter)) {
                tensors.append((Model.slotTensorName(name, slot), value))
            }
        }
        return tensors
    }

    static func preprocessingTensorName(_ role: String, _ statistic: String) -> String {
        "preprocessing.\(role).\(statistic)"
    }

    static func slotTensorName(_ weight: String, _ slot: String) -> String {
        "optimizer.\(weight).\(slot)"
    }
}
