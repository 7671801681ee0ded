#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file per fuzzer process for the readers that only take a path: each input is written
/// to it, replacing the last. In /dev/shm where there is one, so that no disk is involved.
enum ScratchFile {
    static let path: String = {
        var status = stat()
        let folder = stat("/dev/shm", &status) == 0 ? "/dev/shm" : "/tmp"
        return "\(folder)/plexus-fuzz-\(getpid())"
    }()

    /// The scratch file's path, after writing `bytes` to it; `suffix` is added to the path for
    /// readers that choose the format by extension (`.keras`).
    static func holding(_ bytes: [UInt8], suffix: String = "") throws -> String {
        let path = path + suffix
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { fatalError("cannot write the scratch file \(path)") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { fatalError("cannot write the scratch file \(path)") }
            written += count
        }
        return path
    }

    /// Removes the scratch file (at exit).
    static func remove() {
        unlink(path)
        unlink(path + ".keras")
    }
}
