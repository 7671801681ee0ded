#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input opened to be read once, front to back: a regular file, or a pipe, a FIFO, a
/// character device (`/dev/stdin`, `<(zcat data.csv.gz)`, `/dev/zero`) whose size is unknown
/// and which cannot be read twice. Bytes that ``DataFormat/detect(path:)`` already took from
/// a pipe are handed back here first, so that detecting the format loses nothing.
final class InputFile {
    /// How errors refer to the file.
    let name: String
    /// The file's size when it is a regular file; nil for pipes and devices, whose `st_size`
    /// says nothing about what they will deliver, and for empty-looking regular files (those
    /// under /proc say 0 bytes and hold more).
    let regularSize: Int?
    /// The open file, for readers that need random access (safetensors, regular files only).
    let descriptor: Int32
    /// Bytes already read from the front of a pipe, delivered before the descriptor's.
    private var pushedBack: [UInt8]
    private var closed = false

    private init(name: String, descriptor: Int32, regularSize: Int?, pushedBack: [UInt8]) {
        self.name = name
        self.descriptor = descriptor
        self.regularSize = regularSize
        self.pushedBack = pushedBack
    }

    deinit { close() }

    /// Opens `path` for reading; `name` is how errors refer to it.
    ///
    /// A folder, a missing file and a path through something that is not a folder are each
    /// their own error; a path that exists but cannot be opened says why (permissions, ...).
    static func open(_ path: String, name: String) throws -> InputFile {
        if let pending = PendingInputs.shared.take(path) {
            return InputFile(name: name, descriptor: pending.descriptor, regularSize: nil, pushedBack: pending.prefix)
        }
        let descriptor = openForReading(path)
        guard descriptor >= 0 else { throw openError(errno, path: path, name: name) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            _ = closeFile(descriptor)
            throw FileBytes.systemError(code, label: name, doing: "read")
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            _ = closeFile(descriptor)
            throw DataError(.ioFailure, file: name, "\(name): is a folder, not a file")
        case S_IFREG where status.st_size > 0:
            return InputFile(name: name, descriptor: descriptor, regularSize: Int(status.st_size), pushedBack: [])
        default:
            return InputFile(name: name, descriptor: descriptor, regularSize: nil, pushedBack: [])
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        if !pushedBack.isEmpty {
            let count = min(buffer.count, pushedBack.count)
            pushedBack.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: count) }
            pushedBack.removeFirst(count)
            return count
        }
        while true {
            let got = Glue.read(descriptor, base, buffer.count)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw FileBytes.systemError(errno, label: name, doing: "read")
        }
    }

    /// Reads until `buffer` is full or the input ends; returns how many bytes were read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if got == 0 { break }
            filled += got
        }
        return filled
    }

    /// Closes the file (again is harmless).
    func close() {
        guard !closed else { return }
        closed = true
        _ = closeFile(descriptor)
    }

    /// Gives the open descriptor to the caller, who closes it: how a reader that keeps the
    /// file open for random access (``NPYFileSource``) takes it over.
    func handOverDescriptor() {
        closed = true
    }

    /// Gives the file and the bytes read from its front to the next ``open(_:name:)`` of
    /// `path`, instead of closing it: how a pipe is detected and then read only once.
    func handOver(_ path: String, prefix: [UInt8]) {
        guard !closed else { return }
        closed = true
        PendingInputs.shared.put(path, descriptor: descriptor, prefix: prefix + pushedBack)
    }

    private static func openError(_ code: Int32, path: String, name: String) -> DataError {
        switch code {
        case ENOENT:
            return DataError(.fileNotFound, file: name, "\(name): no such file")
        case ENOTDIR:
            return DataError(.fileNotFound, file: name, "\(name): no such file (a part of the path is not a folder)")
        default:
            return FileBytes.systemError(code, label: name, doing: "open")
        }
    }
}

/// Pipes whose first bytes were read to detect their format, waiting for the reader that
/// opens the same path next.
final class PendingInputs: Sendable {
    static let shared = PendingInputs()

    private let inputs = Locked<[String: (descriptor: Int32, prefix: [UInt8])]>([:])

    private init() {}

    func put(_ path: String, descriptor: Int32, prefix: [UInt8]) {
        inputs.withLock { inputs in
            if let old = inputs[path] { _ = closeFile(old.descriptor) }
            inputs[path] = (descriptor, prefix)
        }
    }

    func take(_ path: String) -> (descriptor: Int32, prefix: [UInt8])? {
        inputs.withLock { $0.removeValue(forKey: path) }
    }
}

/// `open(path, O_RDONLY)`, with close-on-exec.
private func openForReading(_ path: String) -> Int32 {
    #if canImport(Glibc)
        return Glibc.open(path, O_RDONLY | O_CLOEXEC)
    #elseif canImport(Musl)
        return Musl.open(path, O_RDONLY | O_CLOEXEC)
    #else
        return Darwin.open(path, O_RDONLY | O_CLOEXEC)
    #endif
}

/// `close`, under a name that does not clash with members called `close`.
func closeFile(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
        return Glibc.close(descriptor)
    #elseif canImport(Musl)
        return Musl.close(descriptor)
    #else
        return Darwin.close(descriptor)
    #endif
}
