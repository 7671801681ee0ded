extension Sequential {
    /// A Keras 3 `.keras` file's model (see ``load(from:)``).
    static func loadKeras(from path: String) throws -> Sequential {
        let archive = try KerasArchive(path: path)
        let config = try KerasModelConfig(archive.config, file: path)
        var entries = config.layers
        let statistics = try KerasNormalizationStatistics.take(from: &entries, file: path)
        let layers = try entries.map { try KerasLayerTranslation.layer($0, file: path) }
        var names = Set<String>()
        for layer in layers where !names.insert(layer.name).inserted {
            throw ModelFileError(
                .malformed, file: path, "\(path): config.json: two layers are named '\(ErrorText.cut(layer.name, limit: 60))'")
        }
        guard let inputShape = config.inputShape else {
            throw ModelFileError(
                .unsupported, file: path, "\(path): config.json: the model has no input shape (save it from Keras after building it)")
        }
        // Every shape and the model's size are checked before any weight exists.
        do {
            _ = try ArchitecturePlan(layers: layers, inputShape: inputShape)
        } catch let error as ArchitectureError {
            throw ModelFileError(.malformed, file: path, "\(path): the architecture does not hold together: \(error.description)")
        }
        let model = Sequential(layers, inputShape: inputShape, name: config.name)
        try KerasNormalizationStatistics.apply(statistics, to: model.layers, file: path)
        try KerasCompile.compile(model, with: config.compile, file: path)
        let groups = KerasNames.weightGroups(forClassNames: config.layers.map(\.className))
        let weights = zip(groups, model.layers).map { group, layer in
            KerasWeights.LayerWeights(
                group: group, name: layer.name, parameters: KerasNormalizationStatistics.storedParameters(of: layer, given: statistics))
        }
        try KerasWeights.read(archive.weights, into: weights, optimizerOf: model, file: path)
        return model
    }

    /// Saves the model as a Keras 3 `.keras` file (see ``save(to:includeOptimizer:)``).
    func saveChainKeras(to path: String) throws {
        guard let inputShape else {
            throw ModelFileError(
                .notSavable, file: path,
                "\(path): the model's input shape is not known yet (train it, or give Sequential an inputShape) and a .keras file needs it")
        }
        var entries: [KerasLayerTranslation.Entry] = []
        var weights: [KerasWeights.LayerWeights] = []
        var names = Set(layers.map(\.name))
        func add(_ className: String, _ config: [String: ConfigurationValue], parameters: [Parameter]) {
            let name = config["name"].flatMap { if case .string(let name) = $0 { name } else { nil } } ?? className
            entries.append(.init(className: className, config: config, name: name, place: name))
            weights.append(.init(group: "", name: name, parameters: parameters))
        }
        if let inputNormalization {
            let (config, parameters) = try KerasScaling.layer(
                inputNormalization, shape: inputShape, invert: false, name: KerasScaling.freeName("input_normalization", taken: &names),
                file: path)
            add("Normalization", config, parameters: parameters)
        }
        for layer in layers {
            let (className, config) = try KerasLayerTranslation.savedConfig(of: layer, file: path)
            add(className, config, parameters: layer.parameters)
        }
        if let outputNormalization, let outputShape {
            let (config, parameters) = try KerasScaling.layer(
                outputNormalization, shape: outputShape, invert: true, name: KerasScaling.freeName("output_scaling", taken: &names),
                file: path)
            add("Normalization", config, parameters: parameters)
        }
        for (index, group) in KerasNames.weightGroups(forClassNames: entries.map(\.className)).enumerated() {
            weights[index].group = group
        }
        let compile = CompileConfiguration(of: self).map { KerasCompile.encode($0, outputs: 1) }
        let config = KerasModelConfig(name: name, inputShape: inputShape, layers: entries, compile: compile)
        try KerasArchive.write(config: config.encoded(), weights: weights, of: self, to: path)
    }
}
