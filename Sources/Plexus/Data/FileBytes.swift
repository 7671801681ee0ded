#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a whole input into memory, as bytes, with gzip undone when the input is gzipped,
/// never past ``ReadLimits/maximumInputBytes`` (read or decompressed) and never trusting a
/// size the input states. Pipes, FIFOs and devices are read once, front to back.
enum FileBytes {
    /// The size of the pieces read from a file.
    private static let chunkSize = 256 << 10

    /// The bytes of the file at `path`, decompressed when they are gzip data (the magic bytes
    /// decide, whatever the name); `name` is how errors refer to the file; `check` looks at
    /// the first (decompressed) bytes as soon as they arrive.
    static func readMaybeGzipped(_ path: String, name: String? = nil, check: ContentCheck? = nil) throws -> [UInt8] {
        let label = name ?? path
        let file = try InputFile.open(path, name: label)
        defer { file.close() }
        let limit = ReadLimits.maximumInputBytes
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var got = try chunk.withUnsafeMutableBytes { try file.readFully(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<2])) }
        if got == 2, Gzip.isGzip(chunk) {
            return try gunzip(file, firstBytes: Array(chunk[0..<2]), limit: limit, check: check)
        }
        if path.hasSuffix(".gz") {
            throw DataError(.malformed, file: label, "\(label): the name ends in .gz but the file is not gzip data")
        }
        var content = ContentCollector(name: label, limit: limit, check: check)
        try content.reserve(plannedSize(file, limit: limit))
        while got > 0 {
            try chunk.withUnsafeBytes { try content.append(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            got = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
        }
        return content.bytes
    }

    /// The bytes of the file at `path`, as stored; `name` is how errors refer to the file.
    static func read(_ path: String, name: String? = nil, check: ContentCheck? = nil) throws -> [UInt8] {
        let label = name ?? path
        let file = try InputFile.open(path, name: label)
        defer { file.close() }
        return try readAll(file, check: check)
    }

    /// The rest of `file`, as stored, bounded by the read limit.
    static func readAll(_ file: InputFile, check: ContentCheck? = nil) throws -> [UInt8] {
        let limit = ReadLimits.maximumInputBytes
        var content = ContentCollector(name: file.name, limit: limit, check: check)
        try content.reserve(plannedSize(file, limit: limit))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let got = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            if got == 0 { break }
            try chunk.withUnsafeBytes { try content.append(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        }
        return content.bytes
    }

    /// How much to reserve for a file: its size when it is a regular file within the limit
    /// (one more byte lets a file that grew meanwhile be seen), else nothing up front.
    private static func plannedSize(_ file: InputFile, limit: Int) throws -> Int {
        guard let size = file.regularSize else { return 0 }
        guard size <= limit else {
            throw ReadLimits.exceeded(file.name, limit: limit, what: "is \(size) bytes, more than")
        }
        return size + 1
    }

    /// The decompressed rest of a gzipped `file` whose first bytes were `firstBytes`.
    private static func gunzip(_ file: InputFile, firstBytes: [UInt8], limit: Int, check: ContentCheck?) throws -> [UInt8] {
        let inflater = try Inflater(.gzip, name: file.name)
        var content = ContentCollector(name: file.name, limit: limit, check: check)
        var compressed = firstBytes.count
        try firstBytes.withUnsafeBytes { raw in try inflater.feed(raw) { try content.append($0) } }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while !inflater.finished {
            let got = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            if got == 0 { break }
            compressed += got
            guard compressed <= limit else { throw ReadLimits.exceeded(file.name, limit: limit) }
            try chunk.withUnsafeBytes { raw in
                try inflater.feed(UnsafeRawBufferPointer(rebasing: raw[0..<got])) { try content.append($0) }
            }
        }
        try inflater.finish()
        return content.bytes
    }

    /// Reads exactly `count` bytes at `offset` of the open file `descriptor` into `buffer`, going
    /// on after interrupted and short reads. A read error is a ``systemError(_:label:doing:)``;
    /// a file that ends first throws `ended(byte)`, with the byte where it ended.
    static func read(
        _ descriptor: Int32, into buffer: UnsafeMutableRawPointer, at offset: Int, count: Int, label: String,
        ended: (Int) -> any Error
    ) throws {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw systemError(errno, label: label, doing: "read")
            }
            if got == 0 { throw ended(offset + done) }
            done += got
        }
    }

    static func systemError(_ code: Int32, label: String, doing action: String) -> DataError {
        DataError(.ioFailure, file: label, "\(label): cannot \(action) the file (\(String(cString: strerror(code))))")
    }

    /// Whether something (file or folder) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// What keeps `path` from being used as a folder, said for a message ("no such folder",
    /// "is a file, not a folder", ...); nil when it is a folder that can be listed.
    static func folderProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            switch errno {
            case ENOENT: return "no such folder"
            case ENOTDIR: return "no such folder (a part of the path is not a folder)"
            default: return "cannot use the folder (\(String(cString: strerror(errno))))"
            }
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            guard access(path, R_OK | X_OK) == 0 else { return "cannot read the folder (\(String(cString: strerror(errno))))" }
            return nil
        case S_IFREG: return "is a file, not a folder"
        case S_IFIFO: return "is a pipe, not a folder"
        case S_IFCHR, S_IFBLK: return "is a device, not a folder"
        default: return "is not a folder"
        }
    }

    /// Whether a folder exists at `path`.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

}

/// The C library's functions under names that do not clash with Swift's own members.
package enum Glue {
    package static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
            return Musl.read(descriptor, buffer, count)
        #else
            return Darwin.read(descriptor, buffer, count)
        #endif
    }

    package static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
            return Musl.write(descriptor, buffer, count)
        #else
            return Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// Writes every byte, going on after short writes and interruptions; returns 0, or the
    /// `errno` of the write that failed.
    package static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < bytes.count {
            let result = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if result == 0 { return EIO }
            written += result
        }
        return 0
    }

    /// Writes `text` to standard error, unbuffered: for warnings and error lines, whose own
    /// failure could be reported nowhere, so it is ignored (never a crash).
    package static func writeToStandardError(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { writeAll(2, $0) }
    }
}

extension String {
    /// The last component of a path (`"a/b/c.csv"` → `"c.csv"`).
    var lastPathComponent: String {
        if let slash = lastIndex(of: "/") { return String(self[index(after: slash)...]) }
        return self
    }
}
