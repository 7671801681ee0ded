/// The mean and variance of a Keras `Normalization` layer given at construction
/// (`Normalization(mean=..., variance=...)`): Keras keeps them in the layer's `config` (a number,
/// or one per feature) and then has no weights for the layer. (An adapted layer keeps them as
/// the weights `mean`, `variance`, `count`, read like any other weights.) They are taken out of
/// the configuration before the layer is made, and set once the model has built it.
enum KerasNormalizationStatistics {
    struct Given {
        var mean: [Float]
        var variance: [Float]
        var place: String
    }

    /// Takes the mean and variance out of every Normalization entry that has them in its
    /// configuration; the result is keyed by layer name.
    static func take(from entries: inout [KerasLayerTranslation.Entry], file: String) throws -> [String: Given] {
        var given: [String: Given] = [:]
        for index in entries.indices where entries[index].className == "Normalization" {
            let entry = entries[index]
            let mean = entry.config["mean"] ?? .null, variance = entry.config["variance"] ?? .null
            guard mean != .null || variance != .null else { continue }
            func numbers(_ value: ConfigurationValue, _ key: String) throws -> [Float] {
                let items: [ConfigurationValue]
                if case .array(let list) = value { items = list } else { items = [value] }
                let values = items.compactMap { item -> Float? in
                    switch item {
                    case .integer(let x): return Float(x)
                    case .number(let x): return Float(x)
                    default: return nil
                    }
                }
                guard !values.isEmpty, values.count == items.count, values.count <= 1 << 20, values.allSatisfy(\.isFinite) else {
                    throw ModelFileError(
                        .unsupported, file: file,
                        "\(file): \(entry.place): \(key) \(value.shortDescription) is not supported (a number, or a flat list of one number per feature)"
                    )
                }
                return values
            }
            let means = try numbers(mean, "mean"), variances = try numbers(variance, "variance")
            guard variances.allSatisfy({ $0 >= 0 }) else {
                throw ModelFileError(
                    .malformed, file: file, "\(file): \(entry.place): variance \(variance.shortDescription) has a negative value")
            }
            entries[index].config["mean"] = .null
            entries[index].config["variance"] = .null
            given[entry.name] = Given(mean: means, variance: variances, place: entry.place)
        }
        return given
    }

    /// Sets the statistics of the built layers named in `given` (one number is every feature's).
    static func apply(_ given: [String: Given], to layers: [any Layer], file: String) throws {
        for layer in layers {
            guard let statistics = given[layer.name], let normalization = layer as? NormalizationLayer,
                let mean = normalization.mean, let variance = normalization.variance
            else { continue }
            let features = mean.value.count, shape = mean.value.shape
            func spread(_ values: [Float], _ key: String) throws -> [Float] {
                if values.count == features { return values }
                if values.count == 1 { return Array(repeating: values[0], count: features) }
                throw ModelFileError(
                    .mismatch, file: file,
                    "\(file): \(statistics.place): \(key) has \(values.count) values, but the layer normalizes \(features) features")
            }
            mean.value = Tensor(shape: shape, scalars: try spread(statistics.mean, "mean"))
            variance.value = Tensor(shape: shape, scalars: try spread(statistics.variance, "variance"))
        }
    }

    /// The weights the file keeps for `layer`: none when its statistics were in its configuration.
    static func storedParameters(of layer: any Layer, given: [String: Given]) -> [Parameter] {
        given[layer.name] == nil ? layer.parameters : []
    }
}
