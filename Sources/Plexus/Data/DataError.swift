/// A problem found while reading or preparing data: a missing or unreadable file, a file
/// whose contents do not follow its format, or a value that cannot be used.
///
/// The description names the file and, where it applies, the line, column or array, and
/// says what is wrong, so that it can be shown to a user as it stands:
///
/// ```swift
/// do { _ = try CSV.load("data.csv") } catch { print(error) }
/// // data.csv line 7, column "age": "abc" is not a number
/// ```
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: Sendable, Equatable {
        /// The file or folder does not exist.
        case fileNotFound
        /// The file exists but could not be read, or a file could not be written.
        case ioFailure
        /// The contents do not follow the file's format (bad magic, truncated, corrupt).
        case malformed
        /// A valid file that uses a feature this reader does not handle (a dtype, zip64, ...).
        case unsupported
        /// A value that is not what it should be: text where a number belongs, a wrong field count.
        case invalidValue
        /// The file holds no data rows or samples.
        case empty
        /// A named column or array that is not in the file.
        case missingEntry
        /// A data set bundled with Plexus could not be found in its resources.
        case missingResource
        /// The input is larger than ``ReadLimits/maximumInputBytes`` allows (or says it is).
        case tooLarge
    }

    /// The kind of problem.
    public let kind: Kind
    /// The file the problem is in, as it was given (nil when no single file is concerned).
    public let file: String?
    /// The full message, naming the file and what is wrong.
    public let description: String

    /// A data error; `description` should name the file and say what is wrong.
    public init(_ kind: Kind, file: String?, _ description: String) {
        self.kind = kind
        self.file = file
        self.description = description
    }
}
