/// A problem with what was given to `compile`, `fit`, `evaluate` or `predict`, found before
/// any work is done. The description names what was wrong and the shapes involved.
public struct TrainingError: Error, CustomStringConvertible, Equatable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: Sendable, Equatable {
        /// Training or evaluation was asked of a model without a loss and optimizer.
        case notCompiled
        /// The data's shape does not fit the model, or the samples and labels disagree.
        case shapeMismatch
        /// A label is not a class the model's outputs can give.
        case labelOutOfRange
        /// The data hold a NaN or an infinity.
        case nonFiniteValue
        /// There are no samples, or a split leaves none.
        case emptyData
        /// An argument is out of range, such as a batch size of 0.
        case invalidArgument
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// The message: what was wrong, naming the shapes or values involved.
    public let description: String

    /// An error of `kind` with the message `description`.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
