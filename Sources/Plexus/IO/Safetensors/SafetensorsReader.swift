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
///
/// A regular file is read in place (each tensor from its offset); a pipe or another input
/// that can be read only once is read whole first, within ``ReadLimits/maximumInputBytes``.
struct SafetensorsReader {
    let path: String
    let header: SafetensorsHeader
    private let storage: Storage
    private let dataStart: Int

    /// Where the bytes are: an open regular file, or memory.
    private enum Storage {
        case file(InputFile)
        case memory([UInt8])
    }

    /// Opens `path` and checks its header; `name` is how errors refer to it.
    init(path: String, name: String? = nil) throws {
        let label = name ?? path
        let file = try InputFile.open(path, name: label)
        guard let size = file.regularSize else {
            defer { file.close() }
            try self.init(bytes: try FileBytes.readAll(file, check: SafetensorsHeader.contentCheck(name: label)), name: label)
            return
        }
        do {
            try self.init(file: file, size: size, name: label)
        } catch {
            file.close()
            throw error
        }
    }

    /// Checks the header of a whole file held in memory; `name` is how errors refer to it.
    init(bytes: [UInt8], name: String) throws {
        path = name
        header = try SafetensorsHeader.parse(bytes, name: name)
        dataStart = bytes.count - header.dataSize
        storage = .memory(bytes)
    }

    /// Checks the header of a regular file of `size` bytes, reading only the header.
    private init(file: InputFile, size: Int, name: String) throws {
        let limit = ReadLimits.maximumInputBytes
        guard size <= limit else { throw ReadLimits.exceeded(name, limit: limit, what: "is \(size) bytes, more than") }
        path = name
        storage = .file(file)
        let prefix = try SafetensorsReader.readBytes(.file(file), at: 0, count: Swift.min(8, size), label: name)
        let length = try SafetensorsHeader.headerLength(prefix: prefix, fileSize: size, name: name)
        let json = try SafetensorsReader.readBytes(.file(file), at: 8, count: length, label: name)
        dataStart = 8 + length
        header = try SafetensorsHeader(json: json[...], dataSize: size - dataStart, name: name)
    }

    /// Closes the file.
    func close() {
        if case .file(let file) = storage { file.close() }
    }

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
                    try SafetensorsReader.read(
                        storage, into: UnsafeMutableRawPointer(base), at: dataStart + entry.begin, count: count, label: path)
                }
                return tensor
            #endif
        }
        let bytes = try SafetensorsReader.readBytes(storage, at: dataStart + entry.begin, count: count, label: path)
        bytes.withUnsafeBytes { raw in
            tensor.withUnsafeMutableBufferPointer { values in
                guard let base = values.baseAddress, let source = raw.baseAddress else { return }
                entry.dtype.convert(source, count: values.count, into: base)
            }
        }
        return tensor
    }

    private static func readBytes(_ storage: Storage, at offset: Int, count: Int, label: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try read(storage, into: base, at: offset, count: count, label: label)
        }
        return bytes
    }

    /// Copies exactly `count` bytes at `offset`; a short file is a truncation error.
    private static func read(_ storage: Storage, into buffer: UnsafeMutableRawPointer, at offset: Int, count: Int, label: String) throws {
        switch storage {
        case .memory(let bytes):
            guard offset >= 0, count <= bytes.count - offset else {
                throw ModelFileError(.malformed, file: label, "\(label): truncated: the data end before byte \(offset + count)")
            }
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
        case .file(let file):
            try FileBytes.read(file.descriptor, into: buffer, at: offset, count: count, label: label) { _ in
                ModelFileError(.malformed, file: label, "\(label): truncated: the file ended while reading it (it changed meanwhile?)")
            }
        }
    }
}
