import Plexus

/// The optimizer `plexus train` builds from `--optimizer`, `--learning-rate` and `--weight-decay`.
enum OptimizerChoice {
    /// The names `--optimizer` takes.
    static let names = ["adam", "adamw", "sgd", "rmsprop"]

    /// The optimizer, after checking the options; each unset one takes Keras's default.
    ///
    /// - Throws: `InputError` for an unknown name, a learning rate that is not a positive
    ///   number, a weight decay that is not a finite number >= 0 or that removes all of a weight
    ///   in one step (weight decay times learning rate >= 1), or a weight decay given to an
    ///   optimizer that has none.
    static func make(_ name: String, learningRate: Float?, weightDecay: Float?) throws -> any Optimizer {
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw InputError("--learning-rate must be a positive number, got \(learningRate)")
        }
        let optimizer = name.lowercased()
        guard names.contains(optimizer) else {
            throw InputError("unknown --optimizer '\(name.prefix(40))': use adam, adamw, sgd or rmsprop")
        }
        if let weightDecay {
            guard optimizer == "adamw" else {
                throw InputError("--weight-decay applies to --optimizer adamw only, not \(optimizer)")
            }
            guard weightDecay >= 0, weightDecay.isFinite else {
                throw InputError("--weight-decay must be a finite number >= 0, got \(weightDecay)")
            }
            // Each step keeps 1 - weightDecay * lr of every weight: at 1 or more, weights flip
            // sign or vanish, and training can only diverge.
            let rate = learningRate ?? 1e-3
            guard weightDecay * rate < 1 else {
                throw InputError(
                    "--weight-decay \(weightDecay) times the learning rate \(rate) must be below 1: each step removes that fraction of every weight"
                )
            }
        }
        switch optimizer {
        case "adamw": return AdamW(learningRate: learningRate ?? 1e-3, weightDecay: weightDecay ?? 0.004)
        case "sgd": return SGD(learningRate: learningRate ?? 0.01)
        case "rmsprop": return RMSprop(learningRate: learningRate ?? 1e-3)
        default: return Adam(learningRate: learningRate ?? 1e-3)
        }
    }
}
