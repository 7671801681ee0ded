/// A problem with what was given to `compile`, `fit`, `evaluate` or `predict`, found before
/// any work is done. The description names what was wrong and the shapes involved.
public struct TrainingError: Error, CustomStringConvertible, Equatable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: Sendable, Equatable {
        case notCompiled
        case shapeMismatch
        case labelOutOfRange
        case nonFiniteValue
        case emptyData
        case invalidArgument
    }

    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
