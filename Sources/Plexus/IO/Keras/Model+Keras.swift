extension Model {
    /// A Keras 3 `.keras` file's model, Sequential or functional (see ``load(from:)``).
    static func loadKerasFile(from path: String) throws -> Model {
        let archive = try KerasArchive(path: path)
        guard case .string("Functional")? = archive.config["class_name"] else { return try Sequential.loadKeras(from: path) }
        let config = try KerasFunctionalConfig(archive.config, file: path)
        let layers = try config.layers.map { try KerasLayerTranslation.layer($0.entry, file: path) }
        // Every call's shapes and the weights' total size are checked before any weight exists.
        var loader = GraphLoader(graph: config.graph, layers: layers, tensors: nil, file: path)
        let model = try loader.model(name: config.name, seed: nil)
        let layerByName = Dictionary(model.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Keras keeps a group for every entry of the layers list, inputs and merges included.
        let nameAt = Dictionary(config.layers.map { ($0.index, $0.entry.name) }, uniquingKeysWith: { first, _ in first })
        let weights = KerasNames.weightGroups(forClassNames: config.classNames).enumerated().map { index, group in
            let name = nameAt[index]
            return KerasWeights.LayerWeights(
                group: group, name: name ?? group, parameters: name.flatMap { layerByName[$0]?.parameters } ?? [])
        }
        try KerasWeights.read(archive.weights, into: weights, file: path)
        if let compile = config.compile {
            let settings = try KerasCompile.read(compile, file: path)
            model.compile(
                loss: try settings.makeLoss(file: path), optimizer: try settings.makeOptimizer(file: path),
                metrics: try settings.makeMetrics(file: path))
        }
        return model
    }

    /// Saves the model as a Keras 3 `.keras` file (see ``save(to:includeOptimizer:)``): a
    /// ``Sequential`` as Keras's Sequential, a graph as Keras's Functional.
    func saveKeras(to path: String) throws {
        if let chain = self as? Sequential { return try chain.saveChainKeras(to: path) }
        guard let graph else { preconditionFailure("a Model that is not Sequential has a graph") }
        let (config, weights) = try KerasFunctionalWriter.describe(self, graph: graph, file: path)
        try KerasArchive.write(config: config, weights: weights, modelName: name, to: path)
    }
}
