#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a safetensors file without trusting it: the length field is checked against the
/// file's size, the header is parsed and checked (``SafetensorsHeader``), and only then is
/// each tensor allocated and read, float32 data straight into the tensor's buffer.
struct SafetensorsReader {
    let path: String
    let header: SafetensorsHeader
    private let descriptor: Int32
    private let dataStart: Int

    /// Opens `path` and checks its header; `name` is how errors refer to it.
    init(path: String, name: String? = nil) throws {
        let label = name ?? path
        self.path = label
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw DataError(.fileNotFound, file: label, "\(label): no such file") }
            throw FileBytes.systemError(code, label: label, doing: "open")
        }
        do {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw FileBytes.systemError(errno, label: label, doing: "read") }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                throw DataError(.ioFailure, file: label, "\(label): is a folder, not a file")
            }
            let fileSize = Int(status.st_size)
            let prefix = try SafetensorsReader.readBytes(descriptor, at: 0, count: Swift.min(8, fileSize), label: label)
            let length = try SafetensorsHeader.headerLength(prefix: prefix, fileSize: fileSize, name: label)
            let json = try SafetensorsReader.readBytes(descriptor, at: 8, count: length, label: label)
            dataStart = 8 + length
            header = try SafetensorsHeader(json: json[...], dataSize: fileSize - dataStart, name: label)
        } catch {
            _ = closeDescriptor(descriptor)
            throw error
        }
    }

    /// Closes the file.
    func close() { _ = closeDescriptor(descriptor) }

    /// Every tensor, in the order of its bytes, converted to `Float`.
    func tensors() throws -> [(name: String, tensor: Tensor)] {
        try header.entries.map { ($0.name, try tensor($0)) }
    }

    /// One tensor's values, converted to `Float`.
    func tensor(_ entry: SafetensorsHeader.Entry) throws -> Tensor {
        var tensor = Tensor(uninitializedShape: entry.shape)
        let count = entry.end - entry.begin
        if entry.dtype == .f32 {
            #if _endian(little)
            try tensor.withUnsafeMutableBufferPointer { values in
                guard let base = values.baseAddress else { return }
                try SafetensorsReader.read(descriptor, into: UnsafeMutableRawPointer(base), at: dataStart + entry.begin, count: count, label: path)
            }
            return tensor
            #endif
        }
        let bytes = try SafetensorsReader.readBytes(descriptor, at: dataStart + entry.begin, count: count, label: path)
        bytes.withUnsafeBytes { raw in
            tensor.withUnsafeMutableBufferPointer { values in
                guard let base = values.baseAddress, let source = raw.baseAddress else { return }
                entry.dtype.convert(source, count: values.count, into: base)
            }
        }
        return tensor
    }

    private static func readBytes(_ descriptor: Int32, at offset: Int, count: Int, label: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try read(descriptor, into: base, at: offset, count: count, label: label)
        }
        return bytes
    }

    /// Reads exactly `count` bytes at `offset`; a short file is a truncation error.
    private static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, at offset: Int, count: Int, label: String) throws {
        var done = 0
        while done < count {
            let got = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw FileBytes.systemError(errno, label: label, doing: "read")
            }
            if got == 0 {
                throw ModelFileError(.malformed, file: label, "\(label): truncated: the file ended while reading it (it changed meanwhile?)")
            }
            done += got
        }
    }
}

/// `close`, under a name that does not clash with ``SafetensorsReader/close()``.
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(descriptor)
    #elseif canImport(Musl)
    return Musl.close(descriptor)
    #else
    return Darwin.close(descriptor)
    #endif
}
