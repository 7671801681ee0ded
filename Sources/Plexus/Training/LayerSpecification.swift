/// Layers written as text, the way the `plexus` command takes them:
/// `"25:relu,15:relu,10"` or `"conv:32:3:relu,maxpool:2,flatten,dense:128:relu,dense:10"`.
///
/// Each entry, separated by commas, starts with a keyword of a registered layer type
/// (``RegisteredLayer/specificationKeywords``), which reads the rest (``usageList`` lists
/// them all). The built-in ones include:
/// - `N`, `N:activation`, `dense:N`, `dense:N:activation`: a ``Dense`` layer of N units;
/// - `conv:F:K` with optional `:activation`, `:same` or `:valid`, and `:sS` (stride S):
///   a ``Conv2D`` of F filters with a KxK window;
/// - `maxpool` / `maxpool:P`, `avgpool` / `avgpool:P`: pooling over PxP (default 2);
/// - `flatten`; `dropout:R` (R in [0, 1)); `reshape:28x28x1`;
/// - `globalavgpool`, `globalmaxpool` (over an image), `globalavgpool1d` (over a sequence);
/// - `embedding:VOCAB:DIM`; `rescale:SCALE` or `rescale:SCALE:OFFSET` (SCALE may be `1/255`);
///   `normalization` (adapted with ``AdaptableLayer/adapt(_:)``);
/// - an activation name alone (`relu`, `softmax`, ...): an ``ActivationLayer``.
///
/// ```swift
/// let layers = try LayerSpecification.parse("25:relu,15:relu,10")
/// let model = Sequential(layers)
/// ```
public enum LayerSpecification {
    /// Named architectures: "lab" (the course's digit network), "cnn" (the Fashion-MNIST
    /// convolutional network) and "cnn-bn" (the same task with batch normalization and global
    /// average pooling).
    public static let presets: [String: String] = [
        "lab": "25:relu,15:relu,10",
        "cnn": "conv:32:3:relu,maxpool:2,conv:64:3:relu,maxpool:2,flatten,dense:128:relu,dense:10",
        // Blocks of convolution, batch normalization, ReLU and pooling, then global average
        // pooling and the classifier. Measured on Fashion-MNIST, 3 epochs: with two blocks global
        // average pooling leaves too little (test accuracy 0.81; Keras 0.76 on the same layers),
        // so there are three; momentum 0.9 lets the moving statistics keep up with weights that
        // move fast in 3 epochs (0.893 against 0.888 at Keras's 0.99), and a 'same' first
        // convolution keeps the border (0.901 against 0.893).
        "cnn-bn": "conv:32:3:same,batchnorm:0.9,relu,maxpool:2,conv:64:3,batchnorm:0.9,relu,maxpool:2,"
            + "conv:128:3,batchnorm:0.9,relu,globalavgpool,dense:10",
    ]

    /// What data each preset is made for, for the message when it does not fit.
    package static let presetPurposes: [String: String] = [
        "lab": "10 classes of flat samples, such as the bundled digits",
        "cnn": "10 classes of 28x28 grey images, such as fashion-mnist (smaller images shrink to nothing)",
        "cnn-bn": "10 classes of 28x28 grey images, such as fashion-mnist (smaller images shrink to nothing)",
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

    /// One entry, handed to the registered layer type whose keyword starts it. A bare number
    /// is a Dense width (`25:relu` means `dense:25:relu`) and a bare activation name an
    /// Activation layer (`softmax` means `activation:softmax`), the shorthands of the course.
    private static func parseEntry(_ text: String) throws -> any Layer {
        let entry = SpecificationEntry(text)
        guard let keyword = entry.parts.first, !keyword.isEmpty else { throw entry.failure("an empty entry (two commas in a row?)") }
        if Int(keyword) != nil {
            return try parse(SpecificationEntry(text: text, parts: ["dense"] + entry.parts), keyword: "dense")
        }
        if entry.parts.count == 1, LayerRegistry.type(forKeyword: keyword) == nil, Activation(name: keyword) != nil {
            return try parse(SpecificationEntry(text: text, parts: ["activation"] + entry.parts), keyword: "activation")
        }
        return try parse(entry, keyword: keyword)
    }

    private static func parse(_ entry: SpecificationEntry, keyword: String) throws -> any Layer {
        guard let type = LayerRegistry.type(forKeyword: keyword) else {
            throw entry.failure("unknown layer '\(ErrorText.cut(keyword, limit: 40))' (use \(usageList))")
        }
        return try type.parsedLayer(entry)
    }

    /// How each registered layer type is written, for messages and help.
    public static var usageList: String {
        LayerRegistry.types.map { $0.specificationUsage }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
