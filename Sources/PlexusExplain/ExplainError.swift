import Plexus

/// A request the explain tools cannot carry out, such as an unknown function or a malformed
/// layer list; ``description`` is a one-line message for the user.
public struct ExplainError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in one line.
    public let description: String

    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
