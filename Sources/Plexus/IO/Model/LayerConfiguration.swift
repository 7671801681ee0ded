/// One layer as a saved model describes it: its type, its name and its settings, enough to
/// build it again. Settings a type does not have are left out of the JSON.
///
/// ```json
/// {"type": "Conv2D", "name": "conv2d", "filters": 32, "kernel_size": [3, 3], "strides": [1, 1],
///  "padding": "valid", "activation": "relu", "use_bias": true}
/// ```
struct LayerConfiguration: Codable, Equatable {
    var type: String
    var name: String
    var units: Int?
    var filters: Int?
    var kernelSize: [Int]?
    var poolSize: [Int]?
    var strides: [Int]?
    var padding: String?
    var activation: ActivationConfiguration?
    var useBias: Bool?
    var rate: Float?
    var seed: UInt64?
    var targetShape: [Int]?

    init(type: String, name: String) {
        self.type = type
        self.name = name
    }

    /// The description of `layer`; nil for a layer type Plexus cannot describe.
    init?(describing layer: any Layer) {
        self.init(type: layer.typeName, name: layer.name)
        switch layer {
        case let dense as Dense:
            units = dense.units
            activation = ActivationConfiguration(dense.activation)
            useBias = dense.useBias
        case let conv as Conv2D:
            filters = conv.filters
            kernelSize = [conv.kernelSize.height, conv.kernelSize.width]
            strides = [conv.strides.vertical, conv.strides.horizontal]
            padding = conv.padding.rawValue
            activation = ActivationConfiguration(conv.activation)
            useBias = conv.useBias
        case let pool as MaxPooling2D:
            poolSize = [pool.poolSize.height, pool.poolSize.width]
            strides = [pool.strides.vertical, pool.strides.horizontal]
            padding = pool.padding.rawValue
        case let pool as AveragePooling2D:
            poolSize = [pool.poolSize.height, pool.poolSize.width]
            strides = [pool.strides.vertical, pool.strides.horizontal]
            padding = pool.padding.rawValue
        case let layer as ActivationLayer:
            activation = ActivationConfiguration(layer.activation)
        case let dropout as Dropout:
            rate = dropout.rate
            seed = dropout.seed
        case let reshape as Reshape:
            targetShape = reshape.targetShape
        case is Flatten:
            break
        default:
            return nil
        }
    }

    /// The layer described, after checking every setting (a file is never trusted: a bad
    /// value is a thrown error, not a stop inside a layer's initializer).
    func makeLayer(file: String) throws -> any Layer {
        func fail(_ why: String) -> ModelFileError {
            ModelFileError(.malformed, file: file, "\(file): layer '\(name)' (\(type)): \(why)")
        }
        func positive(_ value: Int?, _ what: String) throws -> Int {
            guard let value, value > 0 else { throw fail("\(what) must be a positive whole number, got \(value.map(String.init) ?? "nothing")") }
            return value
        }
        func pair(_ values: [Int]?, _ what: String) throws -> (Int, Int) {
            guard let values, values.count == 2, values.allSatisfy({ $0 > 0 }) else {
                throw fail("\(what) must be two positive whole numbers, got \(values.map { "\($0)" } ?? "nothing")")
            }
            return (values[0], values[1])
        }
        func paddingValue() throws -> Padding {
            guard let padding, let value = Padding(rawValue: padding) else { throw fail("padding must be valid or same, got \(padding ?? "nothing")") }
            return value
        }
        let activation = self.activation?.activation ?? .linear
        switch type {
        case "Dense":
            return Dense(try positive(units, "units"), activation: activation, useBias: useBias ?? true, name: name)
        case "Conv2D":
            return Conv2D(
                filters: try positive(filters, "filters"), kernelSize: try pair(kernelSize, "kernel_size"),
                strides: try pair(strides ?? [1, 1], "strides"), padding: try paddingValue(), activation: activation,
                useBias: useBias ?? true, name: name)
        case "MaxPooling2D":
            return MaxPooling2D(
                poolSize: try pair(poolSize, "pool_size"), strides: try pair(strides ?? poolSize, "strides"),
                padding: try paddingValue(), name: name)
        case "AveragePooling2D":
            return AveragePooling2D(
                poolSize: try pair(poolSize, "pool_size"), strides: try pair(strides ?? poolSize, "strides"),
                padding: try paddingValue(), name: name)
        case "Activation":
            guard self.activation != nil else { throw fail("no activation given") }
            return ActivationLayer(activation, name: name)
        case "Dropout":
            guard let rate, rate >= 0, rate < 1 else { throw fail("rate must be in [0, 1), got \(rate.map { "\($0)" } ?? "nothing")") }
            return Dropout(rate: rate, seed: seed, name: name)
        case "Flatten":
            return Flatten(name: name)
        case "Reshape":
            guard let targetShape, !targetShape.isEmpty, targetShape.filter({ $0 == -1 }).count <= 1,
                  targetShape.allSatisfy({ $0 > 0 || $0 == -1 })
            else { throw fail("target_shape must be positive sizes with at most one -1, got \(targetShape.map { "\($0)" } ?? "nothing")") }
            return Reshape(targetShape, name: name)
        default:
            throw ModelFileError(
                .unsupported, file: file,
                "\(file): layer '\(name)' has type '\(type)', which this Plexus cannot build (it builds Dense, Conv2D, MaxPooling2D, AveragePooling2D, Activation, Dropout, Flatten and Reshape)")
        }
    }
}
