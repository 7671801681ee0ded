import Plexus

/// What the commands that take `--model FILE` share: loading it, and shaping samples for it.
enum SavedModel {
    static func load(_ path: String) throws -> Sequential {
        let model = try Sequential.load(from: path)
        guard model.isBuilt else { throw InputError("\(path): the saved model was never built (no input shape), so it has no weights") }
        guard model.hasFiniteWeights else {
            throw InputError("\(path): the model's weights hold NaN or infinite values (saved from a diverged training?); retrain it")
        }
        return model
    }

    /// `samples` reshaped to the model's input shape (a flat CSV row to an image, say).
    static func shaped(_ samples: Tensor, for model: Sequential, source: String) throws -> Tensor {
        let inputShape = model.inputShape!
        let rows = samples.shape[0]
        let width = samples.count / Swift.max(rows, 1)
        guard width == inputShape.reduce(1, *) else {
            throw InputError(
                "\(source) has samples of \(width) values (shape \(Array(samples.shape.dropFirst()))), but the model takes samples of shape \(inputShape)")
        }
        return samples.reshaped([rows] + inputShape)
    }
}
