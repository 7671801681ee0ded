#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        let code = text.withUTF8 { bytes -> Int32 in
            var written = 0
            while written < bytes.count {
                let result = Glue.write(1, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return 0
        }
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

/// The C library's `write`, under a name that `StandardOutput.write` does not hide.
private enum Glue {
    static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        return Musl.write(descriptor, buffer, count)
        #else
        return Darwin.write(descriptor, buffer, count)
        #endif
    }
}

/// Standard error, written straight to the descriptor. A failure there cannot be reported
/// anywhere, so it is ignored; it never stops the command or crashes it (as Foundation's
/// `FileHandle.write` would).
enum StandardError {
    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let result = Glue.write(2, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 && errno == EINTR { continue }
                if result <= 0 { return }
                written += result
            }
        }
    }
}
