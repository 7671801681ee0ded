extension Model {
    /// A Keras 3 `.keras` file's model, Sequential or functional (see ``load(from:)``).
    static func loadKerasFile(from path: String) throws -> Model {
        let archive = try KerasArchive(path: path)
        guard case .string("Functional")? = archive.config["class_name"] else { return try Sequential.loadKeras(from: path) }
        let config = try KerasFunctionalConfig(archive.config, file: path)
        var entries = config.layers.map(\.entry)
        let statistics = try KerasNormalizationStatistics.take(from: &entries, file: path)
        let layers = try entries.map { try KerasLayerTranslation.layer($0, file: path) }
        // Every call's shapes and the weights' total size are checked before any weight exists.
        var loader = GraphLoader(graph: config.graph, layers: layers, tensors: nil, file: path)
        let model = try loader.model(name: config.name, seed: nil)
        try KerasNormalizationStatistics.apply(statistics, to: model.layers, file: path)
        try KerasCompile.compile(model, with: config.compile, file: path)
        let layerByName = Dictionary(model.layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // Keras keeps a group for every entry of the layers list, inputs and merges included.
        let nameAt = Dictionary(config.layers.map { ($0.index, $0.entry.name) }, uniquingKeysWith: { first, _ in first })
        let weights = KerasNames.weightGroups(forClassNames: config.classNames).enumerated().map { index, group in
            let name = nameAt[index]
            return KerasWeights.LayerWeights(
                group: group, name: name ?? group,
                parameters: name.flatMap { layerByName[$0] }.map {
                    KerasNormalizationStatistics.storedParameters(of: $0, given: statistics)
                }
                    ?? [])
        }
        try KerasWeights.read(archive.weights, into: weights, optimizerOf: model, file: path)
        return model
    }

    /// Saves the model as a Keras 3 `.keras` file (see ``save(to:includeOptimizer:)``): a
    /// ``Sequential`` as Keras's Sequential, a graph as Keras's Functional.
    func saveKeras(to path: String) throws {
        if let chain = self as? Sequential { return try chain.saveChainKeras(to: path) }
        guard let graph else { preconditionFailure("a Model that is not Sequential has a graph") }
        let (config, weights) = try KerasFunctionalWriter.describe(self, graph: graph, file: path)
        try KerasArchive.write(config: config, weights: weights, of: self, to: path)
    }
}
