/// Plexus's input and output scaling (``Model/inputNormalization``,
/// ``Model/outputNormalization``) as the Keras `Normalization` layer that computes the
/// same, so that an exported model takes the same raw inputs and gives outputs in the same
/// units: `(x - mean) / sqrt(variance)` with mean = offset and variance = scale², and with
/// `invert` the reverse. The square root of a float32 square gives the scale back exactly.
enum KerasScaling {
    /// The Keras configuration and weights (mean, variance, count) of the layer.
    static func layer(
        _ scaling: Normalization, shape: [Int], invert: Bool, name: String, file: String
    ) throws -> ([String: ConfigurationValue], [Parameter]) {
        guard scaling.featureCount == shape.reduce(1, *), !invert || shape.count == 1 else {
            throw ModelFileError(
                .notSavable, file: file,
                "\(file): the model's \(invert ? "output" : "input") scaling has \(scaling.featureCount) features, which Keras's Normalization cannot apply to samples of shape \(shape)"
            )
        }
        let variance = scaling.scale.map { $0 * $0 }
        guard variance.allSatisfy({ $0.isFinite && $0.squareRoot() >= NormalizationLayer.epsilon }) else {
            throw ModelFileError(
                .notSavable, file: file,
                "\(file): the model's \(invert ? "output" : "input") scaling has a scale too large or too small for Keras's Normalization")
        }
        // Keras standardizes over the axes it keeps: the last for vectors, all but the batch's otherwise.
        let axis: [ConfigurationValue] = shape.count == 1 ? [.integer(-1)] : (1...shape.count).map(ConfigurationValue.integer)
        let config: [String: ConfigurationValue] = [
            "name": .string(name), "trainable": .bool(true), "dtype": KerasLayerTranslation.float32Policy,
            "axis": .array(axis), "invert": .bool(invert), "mean": .null, "variance": .null,
        ]
        let parameters = [
            Parameter(Tensor(shape: shape, scalars: scaling.offset), name: "mean", isTrainable: false),
            Parameter(Tensor(shape: shape, scalars: variance), name: "variance", isTrainable: false),
            Parameter(Tensor.zeros([]), name: "count", isTrainable: false),
        ]
        return (config, parameters)
    }

    /// `base`, or `base_1`, `base_2`, ... whichever no layer has; recorded as taken.
    static func freeName(_ base: String, taken: inout Set<String>) -> String {
        var name = base, counter = 0
        while taken.contains(name) {
            counter += 1
            name = "\(base)_\(counter)"
        }
        taken.insert(name)
        return name
    }
}
