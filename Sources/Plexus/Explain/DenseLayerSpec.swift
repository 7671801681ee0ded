/// One Dense layer of a tiny network, as written on a command line: `width[:activation]`.
///
/// ```swift
/// let layers = try DenseLayerSpec.parseList("3:relu,1:sigmoid")
/// // [DenseLayerSpec(units: 3, activation: .relu), DenseLayerSpec(units: 1, activation: .sigmoid)]
/// ```
public struct DenseLayerSpec: Sendable, Equatable {
    /// The number of outputs.
    public var units: Int
    /// The activation; linear when not written.
    public var activation: Activation

    /// A layer of `units` outputs.
    public init(units: Int, activation: Activation = .linear) {
        self.units = units
        self.activation = activation
    }

    /// Layers separated by commas, each `width` or `width:activation` (relu, sigmoid, linear,
    /// tanh, softmax, ...).
    ///
    /// - Throws: ``ExplainError`` naming the first part that does not read as a layer.
    public static func parseList(_ text: String) throws -> [DenseLayerSpec] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map(trimmedSpaces)
        guard !trimmedSpaces(text).isEmpty else {
            throw ExplainError("--layers needs at least one layer, such as \"3:relu,1:sigmoid\"")
        }
        return try parts.map(parse)
    }

    /// One layer, `width` or `width:activation`.
    public static func parse(_ text: String) throws -> DenseLayerSpec {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
            .map(trimmedSpaces)
        guard pieces.count <= 2, let units = Int(pieces[0]), units > 0 else {
            throw ExplainError(
                "layer \"\(text)\" should be width[:activation] with a positive width, such as 3:relu")
        }
        guard pieces.count == 2 else { return DenseLayerSpec(units: units) }
        guard let activation = Activation(name: pieces[1]) else {
            throw ExplainError(
                "layer \"\(text)\": unknown activation \"\(pieces[1])\"; "
                    + "choose linear, relu, sigmoid, tanh, leaky_relu, softmax or log_softmax")
        }
        return DenseLayerSpec(units: units, activation: activation)
    }
}

/// `text` without spaces at either end.
private func trimmedSpaces<Text: StringProtocol>(_ text: Text) -> String {
    var trimmed = Substring(text)
    while trimmed.first == " " { trimmed.removeFirst() }
    while trimmed.last == " " { trimmed.removeLast() }
    return String(trimmed)
}
