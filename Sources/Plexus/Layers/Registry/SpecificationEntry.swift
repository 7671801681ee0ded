/// One comma-separated entry of a `--layers` text, split at its colons, with checked readers
/// for its parts; a layer type's ``RegisteredLayer/parse(_:)`` reads it.
///
/// `"conv:32:3:relu"` has the parts `["conv", "32", "3", "relu"]` (lowercased, spaces removed).
/// Options written `key=value` (`"64:relu:l2=0.001"`) are parts too; ``options(after:)`` finds them.
public struct SpecificationEntry: Sendable {
    /// The entry as written, for messages.
    public let text: String
    /// The entry's colon-separated parts; the first is the keyword.
    public let parts: [String]

    /// The entry `text`.
    public init(_ text: String) {
        self.text = text
        self.parts = text.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    }

    /// The same entry with other parts, such as `dense` put before a bare width.
    init(text: String, parts: [String]) {
        self.text = text
        self.parts = parts
    }

    /// The error to throw for this entry: it names the entry and says `why`.
    public func failure(_ why: String) -> TrainingError {
        TrainingError(.invalidArgument, "layer entry '\(ErrorText.cut(text, limit: 80))': \(why)")
    }

    /// Throws unless the entry has from `minimum` to `maximum` parts (the keyword included),
    /// saying `usage`.
    public func expectParts(_ minimum: Int, _ maximum: Int? = nil, usage: String) throws {
        guard parts.count >= minimum, parts.count <= (maximum ?? minimum) else { throw failure("write \(usage)") }
    }

    /// The part at `index` as a whole number above zero; `what` names it in the message.
    public func positiveInt(at index: Int, _ what: String) throws -> Int {
        let text = parts[index]
        guard let value = Int(text), value > 0 else {
            throw failure("\(what) must be a positive whole number, got '\(ErrorText.cut(text, limit: 40))'")
        }
        return value
    }

    /// `text` as a finite number accepted by `isValid`; `what` names it and `expected` says what it may be.
    public func number(_ text: String, _ what: String, expected: String = "a number", where isValid: (Float) -> Bool = { _ in true }) throws
        -> Float
    {
        guard let value = Float(text), value.isFinite, isValid(value) else {
            throw failure("\(what) must be \(expected), got '\(ErrorText.cut(text, limit: 40))'")
        }
        return value
    }

    /// `text` as an activation name.
    public func activation(_ text: String) throws -> Activation {
        guard let activation = Activation(name: text) else {
            throw failure(
                "unknown activation '\(ErrorText.cut(text, limit: 40))' (use linear, relu, sigmoid, tanh, leaky_relu, softmax or log_softmax)"
            )
        }
        return activation
    }

    /// The `key=value` options among the parts after `index`, split into the key and the value.
    public func options(after index: Int) -> [(key: String, value: String)] {
        parts.dropFirst(index + 1).compactMap { part in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            return (String(part[..<equals]), String(part[part.index(after: equals)...]))
        }
    }

    /// The parts after `index` that are not `key=value` options.
    public func plainParts(after index: Int) -> [String] {
        parts.dropFirst(index + 1).filter { !$0.contains("=") }
    }
}
