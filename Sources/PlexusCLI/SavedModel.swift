import Plexus

/// What the commands that take `--model FILE` share: loading it, and shaping samples for it.
enum SavedModel {
    /// The saved model at `path`, a chain or a graph, checked for use.
    static func load(_ path: String) throws -> Model {
        let model = try Model.load(from: path)
        guard model.isBuilt else { throw InputError("\(path): the saved model was never built (no input shape), so it has no weights") }
        guard model.hasFiniteWeights else {
            throw InputError("\(path): the model's weights hold NaN or infinite values (saved from a diverged training?); retrain it")
        }
        return model
    }

    /// `samples` reshaped to the shape of the model's input `input` (a flat CSV row to an image, say).
    /// Checks that `--input` was given once per input of `model` (read from `path`).
    static func checkInputCount(_ given: Int, for model: Model, path: String) throws {
        let count = model.inputCount
        guard given == count else {
            throw InputError(
                "\(shortened(path)) takes \(count) input\(count == 1 ? "" : "s"): give --input \(count == 1 ? "once" : "\(count) times, in order"), not \(given) times"
            )
        }
    }

    static func shaped(_ samples: Tensor, for model: Model, input: Int = 0, source: String) throws -> Tensor {
        guard input < model.inputCount, let inputShape = model.inputShapes[input] else {
            throw InputError("the model takes \(model.inputCount) input\(model.inputCount == 1 ? "" : "s"), so \(source) has no place")
        }
        let rows = samples.shape[0]
        let width = samples.count / Swift.max(rows, 1)
        guard width == inputShape.reduce(1, *) else {
            throw InputError(
                "\(source) has samples of \(width) values (shape \(Array(samples.shape.dropFirst()))), but the model takes samples of shape \(inputShape)"
            )
        }
        return samples.reshaped([rows] + inputShape)
    }
}
