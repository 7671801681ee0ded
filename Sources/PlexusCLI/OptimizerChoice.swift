import ArgumentParser
import Plexus

/// `--optimizer`: the optimizer `plexus train` builds, with `--learning-rate` and `--weight-decay`.
enum OptimizerChoice: String, OptionChoice {
    case adam, adamw, sgd, rmsprop

    /// Checks the optimizer's options before anything runs (usage errors, status 64): a
    /// learning rate that is not a positive number, a weight decay that is not a finite number
    /// >= 0 or that removes all of a weight in one step (weight decay times learning rate >= 1),
    /// or a weight decay given to an optimizer that has none.
    func validate(learningRate: Float?, weightDecay: Float?) throws {
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
        }
        guard let weightDecay else { return }
        guard self == .adamw else {
            throw ValidationError("--weight-decay applies to --optimizer adamw only, not \(rawValue)")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw ValidationError("--weight-decay must be a finite number >= 0, got \(weightDecay)")
        }
        // Each step keeps 1 - weightDecay * lr of every weight: at 1 or more, weights flip
        // sign or vanish, and training can only diverge.
        let rate = learningRate ?? 1e-3
        guard weightDecay * rate < 1 else {
            throw ValidationError(
                "--weight-decay \(weightDecay) times the learning rate \(rate) must be below 1: each step removes that fraction of every weight"
            )
        }
    }

    /// The optimizer (options checked by ``validate(learningRate:weightDecay:)``); each unset
    /// option takes Keras's default.
    func make(learningRate: Float?, weightDecay: Float?) -> any Optimizer {
        switch self {
        case .adam: return Adam(learningRate: learningRate ?? 1e-3)
        case .adamw: return AdamW(learningRate: learningRate ?? 1e-3, weightDecay: weightDecay ?? 0.004)
        case .sgd: return SGD(learningRate: learningRate ?? 0.01)
        case .rmsprop: return RMSprop(learningRate: learningRate ?? 1e-3)
        }
    }
}
