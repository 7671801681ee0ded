#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

import Plexus

/// Standard output with its write errors checked. Swift's `print` ignores them, so
/// `plexus predict > /dev/full` or a closed pipe would otherwise end in exit status 0 with the
/// output lost. ``write(_:)`` flushes what `print` has buffered first, so the two stay in
/// order, then writes straight to the descriptor; ``finish()`` flushes the buffer once more
/// and reports a write of `print`'s (or the library's progress output) that failed on the way.
enum StandardOutput {
    /// Makes a write to a closed pipe fail with `EPIPE`, which is then reported, instead of
    /// killing the process silently with `SIGPIPE`. Called once, first thing.
    static func prepare() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text`.
    /// - Throws: ``RunFailure`` when standard output cannot take it (a full disk, a closed pipe).
    static func write(_ text: String) throws {
        try finish()
        var text = text
        let code = text.withUTF8 { Glue.writeAll(1, UnsafeRawBufferPointer($0)) }
        if code != 0 { throw failure(code) }
    }

    /// Writes `line` and a line break (``write(_:)``).
    static func line(_ line: String) throws {
        try write(line + "\n")
    }

    /// Flushes what `print` left in the C library's buffer.
    /// - Throws: ``RunFailure`` when that fails, or when an earlier write through the buffer did.
    static func finish() throws {
        // nil: every output stream (naming `stdout` is not allowed in Swift 6).
        if fflush(nil) != 0 { throw failure(errno) }
        // A failed flush may drop the buffer, leaving only the stream's error flag.
        if let stream = cStandardOutput(), ferror(stream) != 0 {
            throw RunFailure("cannot write to standard output (an earlier write failed)")
        }
    }

    /// The C library's `stdout` stream. Swift 6 refuses to name that global variable (shared
    /// mutable state); its address is looked up instead, and the stream only read.
    private static func cStandardOutput() -> UnsafeMutablePointer<FILE>? {
        // RTLD_DEFAULT: the symbol as the program itself sees it.
        #if canImport(Darwin)
            let (everywhere, name) = (UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp")
        #else
            let (everywhere, name): (UnsafeMutableRawPointer?, String) = (nil, "stdout")
        #endif
        return dlsym(everywhere, name)?.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    private static func failure(_ code: Int32) -> RunFailure {
        RunFailure("cannot write to standard output (\(String(cString: strerror(code))))")
    }
}

/// Standard error, written straight to the descriptor. A failure there cannot be reported
/// anywhere, so it is ignored; it never stops the command or crashes it (as Foundation's
/// `FileHandle.write` would).
enum StandardError {
    static func line(_ text: String) {
        Glue.writeToStandardError(text + "\n")
    }
}
