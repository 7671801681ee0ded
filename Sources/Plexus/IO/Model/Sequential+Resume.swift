// Restoring where training stood, from a checkpoint: the optimizer's step and slots, the
// epoch count, and each Dropout layer's random generator.

extension Sequential {
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
        for draws in state.randomDraws {
            guard let dropout = layers.first(where: { $0.name == draws.layer }) as? Dropout, draws.count >= 0 else {
                throw ModelFileError(.malformed, file: file, "\(file): the training state names '\(draws.layer)', which is no Dropout layer")
            }
            Sequential.advance(dropout, by: draws.count)
            randomDraws[draws.layer] = draws.count
        }
    }

    /// Brings a Dropout layer's generator to where it was after `count` draws, by drawing them
    /// again (each training call draws one number per input element, in order): its state is
    /// the layer's own, so replaying is how it is restored. About 5 ns per draw.
    static func advance(_ dropout: Dropout, by count: Int) {
        guard dropout.rate > 0 else { return }
        let chunk = 1 << 20
        var remaining = count
        while remaining > 0 {
            let size = Swift.min(chunk, remaining)
            _ = dropout.forward(Tensor.zeros([1, size]), training: true)
            remaining -= size
        }
    }
}
