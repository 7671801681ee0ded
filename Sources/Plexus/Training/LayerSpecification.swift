/// Layers written as text, the way the `plexus` command takes them:
/// `"25:relu,15:relu,10"` or `"conv:32:3:relu,maxpool:2,flatten,dense:128:relu,dense:10"`.
///
/// Entries, separated by commas, in order:
/// - `N`, `N:activation`, `dense:N`, `dense:N:activation`: a ``Dense`` layer of N units;
/// - `conv:F:K` with optional `:activation`, `:same` or `:valid`, and `:sS` (stride S):
///   a ``Conv2D`` of F filters with a KxK window;
/// - `maxpool` / `maxpool:P`, `avgpool` / `avgpool:P`: pooling over PxP (default 2);
/// - `flatten`; `dropout:R` (R in [0, 1));
/// - an activation name alone (`relu`, `softmax`, ...): an ``ActivationLayer``.
///
/// ```swift
/// let layers = try LayerSpecification.parse("25:relu,15:relu,10")
/// let model = Sequential(layers)
/// ```
public enum LayerSpecification {
    /// Named architectures: "lab" (the course's digit network) and "cnn" (the Fashion-MNIST
    /// convolutional network).
    public static let presets: [String: String] = [
        "lab": "25:relu,15:relu,10",
        "cnn": "conv:32:3:relu,maxpool:2,conv:64:3:relu,maxpool:2,flatten,dense:128:relu,dense:10",
    ]

    /// What data each preset is made for, for the message when it does not fit.
    public static let presetPurposes: [String: String] = [
        "lab": "10 classes of flat samples, such as the bundled digits",
        "cnn": "10 classes of 28x28 grey images, such as fashion-mnist (smaller images shrink to nothing)",
    ]

    /// The layers a specification describes.
    ///
    /// - Throws: ``TrainingError`` of kind `.invalidArgument`, naming the entry that does not parse.
    public static func parse(_ specification: String) throws -> [any Layer] {
        let entries = specification.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.filter { $0 != " " } }
        guard !specification.filter({ $0 != " " }).isEmpty else {
            throw TrainingError(.invalidArgument, "the layer list is empty; give layers such as \"25:relu,15:relu,10\"")
        }
        return try entries.map(parseEntry)
    }

    private static func parseEntry(_ entry: String) throws -> any Layer {
        let parts = entry.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func fail(_ why: String) -> TrainingError {
            TrainingError(.invalidArgument, "layer entry '\(entry)': \(why)")
        }
        func positive(_ text: String, _ what: String) throws -> Int {
            guard let value = Int(text), value > 0 else { throw fail("\(what) must be a positive whole number, got '\(text)'") }
            return value
        }
        func activation(_ text: String) throws -> Activation {
            guard let activation = Activation(name: text) else {
                throw fail("unknown activation '\(text)' (use linear, relu, sigmoid, tanh, leaky_relu, softmax or log_softmax)")
            }
            return activation
        }
        guard let kind = parts.first, !kind.isEmpty else { throw fail("an empty entry (two commas in a row?)") }
        if Int(kind) != nil {
            guard parts.count <= 2 else { throw fail("a dense entry is N or N:activation") }
            return Dense(try positive(kind, "the number of units"), activation: parts.count == 2 ? try activation(parts[1]) : .linear)
        }
        switch kind {
        case "dense":
            guard parts.count == 2 || parts.count == 3 else { throw fail("write dense:N or dense:N:activation") }
            return Dense(try positive(parts[1], "the number of units"), activation: parts.count == 3 ? try activation(parts[2]) : .linear)
        case "conv", "conv2d":
            guard parts.count >= 3 else { throw fail("write conv:FILTERS:KERNEL, optionally :activation, :same and :sSTRIDE") }
            let filters = try positive(parts[1], "the number of filters")
            let kernel = try positive(parts[2], "the kernel size")
            var chosen = Activation.linear, padding = Padding.valid, stride = 1
            for option in parts.dropFirst(3) {
                if let named = Padding(rawValue: option) {
                    padding = named
                } else if option.hasPrefix("s"), let value = Int(option.dropFirst()) {
                    guard value > 0 else { throw fail("the stride must be positive, got '\(option)'") }
                    stride = value
                } else {
                    chosen = try activation(option)
                }
            }
            return Conv2D(filters: filters, kernelSize: kernel, strides: stride, padding: padding, activation: chosen)
        case "maxpool", "maxpooling2d", "avgpool", "averagepooling2d":
            guard parts.count <= 2 else { throw fail("write \(kind) or \(kind):SIZE") }
            let size = parts.count == 2 ? try positive(parts[1], "the pool size") : 2
            return kind.hasPrefix("max") ? MaxPooling2D(poolSize: size) : AveragePooling2D(poolSize: size)
        case "flatten":
            guard parts.count == 1 else { throw fail("flatten takes no settings") }
            return Flatten()
        case "dropout":
            guard parts.count == 2, let rate = Float(parts[1]), rate >= 0, rate < 1 else {
                throw fail("write dropout:RATE with RATE in [0, 1), such as dropout:0.5")
            }
            return Dropout(rate: rate)
        default:
            if parts.count == 1, let named = Activation(name: kind) { return ActivationLayer(named) }
            throw fail("unknown layer '\(kind)' (use N, dense:N, conv:F:K, maxpool, avgpool, flatten, dropout:R or an activation)")
        }
    }
}
