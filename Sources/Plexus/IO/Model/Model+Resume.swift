// Restoring where training stood, from a checkpoint: the optimizer's step and slots, the
// epoch count, and each Dropout layer's random generator.

extension Model {
    /// Puts the model back where a checkpoint's training stood.
    func restore(_ state: ModelArchive.TrainingState, slots: [(Parameter, [Tensor])], file: String) throws {
        guard state.epochsCompleted >= 0, state.optimizerStep >= 0 else {
            throw ModelFileError(.malformed, file: file, "\(file): the training state has a negative count")
        }
        epochsCompleted = state.epochsCompleted
        if let optimizer {
            optimizer.step = state.optimizerStep
            for (parameter, values) in slots { optimizer.setState(values, for: parameter) }
        }
        for saved in state.dropoutGenerators {
            guard let dropout = layers.first(where: { $0.name == saved.layer }) as? Dropout else {
                throw ModelFileError(
                    .malformed, file: file, "\(file): the training state names '\(saved.layer)', which is no Dropout layer")
            }
            dropout.generator = saved.generator
        }
    }
}
