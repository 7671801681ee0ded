extension Model {
    /// Reads a saved model, chain or graph (see ``Model/load(from:)``).
    static func loadModel(from path: String) throws -> Model {
        // A Keras 3 file: a Sequential or a functional model.
        if KerasArchive.isKerasPath(path) { return try Model.loadKerasFile(from: path) }
        let reader = try SafetensorsReader(path: path)
        defer { reader.close() }
        let archive = try ModelArchive(metadata: reader.header.metadata, file: path)
        let model = try makeModel(archive.architecture, tensors: reader.header.entries, file: path)
        if let compile = archive.compile {
            try compile.compile(model, file: path)
        } else if archive.training != nil {
            throw ModelFileError(.malformed, file: path, "\(path): a checkpoint without compile settings")
        }

        // Every tensor the file should hold, with the shape it must have, checked before reading.
        var entries = Dictionary(reader.header.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func take(_ name: String, shape: [Int]?, required: Bool = true) throws -> SafetensorsHeader.Entry? {
            guard let entry = entries.removeValue(forKey: name) else {
                if required { throw ModelFileError(.mismatch, file: path, "\(path): the tensor '\(name)' is missing") }
                return nil
            }
            if let shape, entry.shape != shape {
                throw ModelFileError(
                    .mismatch, file: path, "\(path): the tensor '\(name)' has shape \(entry.shape), but the model needs \(shape)")
            }
            return entry
        }
        let weights = try model.namedWeights().map { (parameter: $0.parameter, entry: try take($0.name, shape: $0.parameter.value.shape)!) }
        let preprocessing = try (
            input: archive.preprocessing.input.map { try scalingEntries($0, role: "input", take: take) },
            output: archive.preprocessing.output.map { try scalingEntries($0, role: "output", take: take) }
        )
        var slots: [(parameter: Parameter, entries: [SafetensorsHeader.Entry])] = []
        if archive.training != nil, let optimizer = model.optimizer {
            for (name, parameter) in model.namedWeights() where parameter.isTrainable {
                let found = try optimizer.slotNames.compactMap {
                    try take(slotTensorName(name, $0), shape: parameter.value.shape, required: false)
                }
                guard found.isEmpty || found.count == optimizer.slotNames.count else {
                    throw ModelFileError(
                        .mismatch, file: path,
                        "\(path): the optimizer state of '\(name)' has \(found.count) of its \(optimizer.slotNames.count) slots \(optimizer.slotNames)"
                    )
                }
                if !found.isEmpty { slots.append((parameter, found)) }
            }
        }
        if let stray = entries.keys.sorted().first {
            throw ModelFileError(.mismatch, file: path, "\(path): the tensor '\(stray)' belongs to no part of the model")
        }

        // All checked: read.
        for (parameter, entry) in weights { parameter.value = try reader.tensor(entry) }
        model.inputNormalization = try preprocessing.input.map { try normalization($0, reader: reader, model: model, file: path) }
        model.outputNormalization = try preprocessing.output.map { try normalization($0, reader: reader, model: model, file: path) }
        if let inputNormalization = model.inputNormalization, let inputShape = model.inputShapes.first ?? nil,
            inputNormalization.featureCount != inputShape.reduce(1, *)
        {
            throw ModelFileError(
                .mismatch, file: path,
                "\(path): the input scaling has \(inputNormalization.featureCount) features, but samples of shape \(inputShape) have \(inputShape.reduce(1, *))"
            )
        }
        if let labels = archive.labels {
            if case .multiclass(let classes) = labels.task, let outputs = model.outputShapes.first??.last, outputs != classes {
                throw ModelFileError(
                    .mismatch, file: path, "\(path): the labels have \(classes) classes, but the model outputs \(outputs) values")
            }
            if case .multilabel(let count) = labels.task, let outputs = model.outputShapes.first??.last, outputs != count {
                throw ModelFileError(
                    .mismatch, file: path, "\(path): there are \(count) labels, but the model outputs \(outputs) values")
            }
            model.labelEncoding = labels
        }
        model.history = archive.history
        if let training = archive.training {
            try model.restore(training, slots: slots.map { ($0.parameter, try $0.entries.map(reader.tensor)) }, file: path)
        }
        return model
    }

    /// The model of an architecture, built when its input shape is known. Every setting and
    /// shape is checked first (an ``ArchitecturePlan``, held to the size limits), and so is
    /// every weight the plan calls for against the tensors the file really holds: a few
    /// kilobytes of lying metadata cannot make the model allocate gigabytes.
    private static func makeModel(
        _ architecture: ModelArchive.Architecture, tensors: [SafetensorsHeader.Entry], file: String
    ) throws -> Model {
        let layers = try architecture.layers.map { try $0.makeLayer(file: file) }
        var names = Set<String>()
        for layer in layers where !names.insert(layer.name).inserted {
            throw ModelFileError(.malformed, file: file, "\(file): two layers are named '\(layer.name)'")
        }
        if let graph = architecture.graph {
            var loader = GraphLoader(graph: graph, layers: layers, tensors: tensors, file: file)
            return try loader.model(name: architecture.name, seed: architecture.seed)
        }
        guard let inputShape = architecture.inputShape else {
            return Sequential(layers, seed: architecture.seed, name: architecture.name)
        }
        let plan: ArchitecturePlan
        do {
            plan = try ArchitecturePlan(layers: layers, inputShape: inputShape)
        } catch let error as ArchitectureError {
            throw ModelFileError(.malformed, file: file, "\(file): the architecture does not hold together: \(error.description)")
        }
        let shapes = Dictionary(tensors.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        for step in plan.steps {
            for parameter in step.parameters {
                let name = "\(step.name).\(parameter.name)"
                guard let shape = shapes[name] else {
                    throw ModelFileError(.mismatch, file: file, "\(file): the tensor '\(name)' is missing")
                }
                guard shape == parameter.shape else {
                    throw ModelFileError(
                        .mismatch, file: file, "\(file): the tensor '\(name)' has shape \(shape), but the model needs \(parameter.shape)")
                }
            }
        }
        return Sequential(layers, inputShape: inputShape, seed: architecture.seed, name: architecture.name)
    }

    private typealias ScalingEntries = (method: Normalization.Method, offset: SafetensorsHeader.Entry, scale: SafetensorsHeader.Entry)

    private static func scalingEntries(
        _ scaling: ModelArchive.Preprocessing.Scaling, role: String,
        take: (String, [Int]?, Bool) throws -> SafetensorsHeader.Entry?
    ) throws -> ScalingEntries {
        let shape = [scaling.features]
        return (
            scaling.method, try take(preprocessingTensorName(role, "offset"), shape, true)!,
            try take(preprocessingTensorName(role, "scale"), shape, true)!
        )
    }

    private static func normalization(
        _ entries: ScalingEntries, reader: SafetensorsReader, model: Model, file: String
    ) throws -> Normalization {
        let offset = try reader.tensor(entries.offset).scalars, scale = try reader.tensor(entries.scale).scalars
        guard scale.allSatisfy({ $0 != 0 && $0.isFinite }), offset.allSatisfy(\.isFinite) else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): the tensor '\(entries.scale.name)' or '\(entries.offset.name)' holds a zero scale or a non-finite value")
        }
        return Normalization(method: entries.method, offset: offset, scale: scale)
    }
}
