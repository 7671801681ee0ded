#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a whole file into memory, as bytes, with gzip undone when the file is gzipped.
enum FileBytes {
    /// The bytes of the file at `path`, decompressed when they are gzip data (the magic bytes
    /// decide, whatever the name); `name` is how errors refer to the file.
    static func readMaybeGzipped(_ path: String, name: String? = nil) throws -> [UInt8] {
        let label = name ?? path
        let raw = try read(path, name: label)
        if Gzip.isGzip(raw) { return try Gzip.decompress(raw, name: label) }
        if path.hasSuffix(".gz") {
            throw DataError(.malformed, file: label, "\(label): the name ends in .gz but the file is not gzip data")
        }
        return raw
    }

    /// The bytes of the file at `path`, as stored; `name` is how errors refer to the file.
    static func read(_ path: String, name: String? = nil) throws -> [UInt8] {
        let label = name ?? path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw openError(errno, path: path, label: label) }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemError(errno, label: label, doing: "read") }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.ioFailure, file: label, "\(label): is a folder, not a file")
        }
        // The size is a hint: read until the end in case the file changed meanwhile.
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glue.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw systemError(errno, label: label, doing: "read")
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    private static func openError(_ code: Int32, path: String, label: String) -> DataError {
        if code == ENOENT {
            return DataError(.fileNotFound, file: label, "\(label): no such file")
        }
        return systemError(code, label: label, doing: "open")
    }

    static func systemError(_ code: Int32, label: String, doing action: String) -> DataError {
        DataError(.ioFailure, file: label, "\(label): cannot \(action) the file (\(String(cString: strerror(code))))")
    }

    /// Whether something (file or folder) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Whether a folder exists at `path`.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The value of an environment variable, nil when unset or empty.
    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }
}

/// The C library's functions under names that do not clash with Swift's own members.
enum Glue {
    static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        return Musl.read(descriptor, buffer, count)
        #else
        return Darwin.read(descriptor, buffer, count)
        #endif
    }

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

extension String {
    /// The last component of a path (`"a/b/c.csv"` → `"c.csv"`).
    var lastPathComponent: String {
        if let slash = lastIndex(of: "/") { return String(self[index(after: slash)...]) }
        return self
    }
}
