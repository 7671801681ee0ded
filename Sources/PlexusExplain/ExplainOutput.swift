import Plexus

/// Writes an explanation's picture or text to a file the way every Plexus output is written:
/// to a temporary file renamed over the target, or straight through to a device or pipe
/// (`/dev/stdout`).
public enum ExplainOutput {
    /// Writes `text` as UTF-8 to `path`.
    ///
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the file and the system's reason.
    public static func write(_ text: String, to path: String) throws {
        try AtomicFile.write(Array(text.utf8), to: path)
    }
}
