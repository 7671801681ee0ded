/// A saved model or weight file that cannot be used: not the format it should be, damaged,
/// written by a newer Plexus, or holding weights that do not fit the model.
///
/// The description names the file and says what is wrong, so it can be shown as it stands:
///
/// ```swift
/// do { _ = try Sequential.load(from: "model.plexus") } catch { print(error) }
/// // model.plexus: truncated: the header says 312 bytes, but only 40 follow the length field
/// ```
///
/// Problems of the operating system (a missing folder, a full disk) are ``DataError``s, as
/// for every other file Plexus reads or writes.
public struct ModelFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: Sendable, Equatable {
        /// The bytes do not follow the format (wrong magic, truncated, bad header, overlaps).
        case malformed
        /// A valid file using something this Plexus does not read (a dtype, a layer type).
        case unsupported
        /// Written by a newer Plexus, with a format version this one does not know.
        case newerFormat
        /// Valid, but its weights do not fit the model (names, counts or shapes).
        case mismatch
        /// The model cannot be written as asked (a layer of a type Plexus cannot describe).
        case notSavable
    }

    /// The kind of problem.
    public let kind: Kind
    /// The file concerned, as it was given.
    public let file: String?
    /// The full message.
    public let description: String

    /// An error about `file`; `description` should name the file and say what is wrong.
    public init(_ kind: Kind, file: String?, _ description: String) {
        self.kind = kind
        self.file = file
        self.description = description
    }
}
