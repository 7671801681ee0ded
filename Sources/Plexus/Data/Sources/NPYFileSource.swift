#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `.npy` file as a ``DataSource``: its header is read when it is opened, its rows when a
/// batch asks for them, with `pread` into the batch's own memory, so the file is never held
/// (or mapped) whole and a file larger than memory, or than the address space `ulimit -v`
/// allows, trains.
///
/// ```swift
/// let x = try NPYFileSource("features.npy")      // np.save("features.npy", x), x of shape (n, 784)
/// let y = try NPYFileSource("labels.npy")
/// try model.fit(x, y, epochs: 1)
/// ```
///
/// The file must stay as it was while it is read; a file that shrinks is a ``DataError`` at
/// the next read. Values are converted to `Float` as ``NPY/load(_:)`` converts them (the same
/// dtypes; a gzipped `.npy` cannot be read by rows: gunzip it first).
public final class NPYFileSource: DataSource {
    /// The file's path, as given.
    public let name: String
    /// The number of rows (the first dimension of the array).
    public let count: Int
    /// The shape of one row (the array's other dimensions).
    public let sampleShape: [Int]
    /// The array's dtype as its header gives it (`<f4`).
    let descr: String
    private let type: NPY.ElementType
    private let descriptor: Int32
    private let dataStart: Int
    /// Values and bytes in one row.
    private let rowValues: Int
    private let rowBytes: Int

    /// The longest header read: NumPy itself refuses headers over 10,000 bytes by default.
    static let maximumHeaderBytes = 1 << 20

    /// Opens the `.npy` file at `path` and checks its header against its size before anything
    /// is allocated from it: the shape's byte count (overflow-checked) must equal the bytes
    /// after the header.
    ///
    /// - Throws: ``DataError`` naming the file when it is missing, not a `.npy` file, gzipped,
    ///   truncated or longer than its header says, of rank 0, or of a dtype or order
    ///   ``NPY/load(_:)`` does not read.
    public init(_ path: String) throws {
        name = path
        let file = try InputFile.open(path, name: path)
        guard let size = file.regularSize else {
            throw DataError(.unsupported, file: path, "\(path): rows are read from a regular file, not a pipe or an empty file")
        }
        descriptor = file.descriptor
        // The descriptor is ours from here on: closed in deinit, or now when the header fails.
        file.handOverDescriptor()
        do {
            let prefix = try NPYFileSource.read(descriptor, at: 0, count: Swift.min(size, 12), name: path)
            if prefix.starts(with: [0x1F, 0x8B]) {
                throw DataError(.unsupported, file: path, "\(path): a gzipped .npy file cannot be read by rows; gunzip it first")
            }
            let headerEnd = Swift.min(NPYFileSource.headerEnd(prefix) ?? prefix.count, size)
            guard headerEnd <= NPYFileSource.maximumHeaderBytes else {
                throw DataError(
                    .malformed, file: path,
                    "\(path): the .npy header says it is \(headerEnd) bytes long, more than the \(NPYFileSource.maximumHeaderBytes) read")
            }
            let head = try NPYFileSource.read(descriptor, at: 0, count: headerEnd, name: path)
            guard let layout = try NPY.layout(head, name: path) else {
                throw DataError(.malformed, file: path, "\(path): truncated .npy header (the file has \(size) bytes)")
            }
            let available = size - layout.dataStart
            guard available == layout.dataBytes else {
                throw DataError(
                    .malformed, file: path,
                    "\(path): header says shape \(NPY.shapeText(layout.shape)) of '\(layout.descr)' = \(layout.dataBytes) bytes, file has \(available) bytes of data\(available < layout.dataBytes ? " (truncated?)" : "")"
                )
            }
            guard let rows = layout.shape.first else {
                throw DataError(.invalidValue, file: path, "\(path): the array is a single value (shape ()); rows need a first axis")
            }
            count = rows
            sampleShape = Array(layout.shape.dropFirst())
            descr = layout.descr
            type = layout.type
            dataStart = layout.dataStart
            // Both fit: the whole array's byte count did.
            rowValues = sampleShape.reduce(1, *)
            rowBytes = rowValues * layout.type.size
        } catch {
            _ = closeFile(descriptor)
            throw error
        }
    }

    deinit { _ = closeFile(descriptor) }

    /// Where the header of a `.npy` file ends, from its first 10 or 12 bytes; nil when they
    /// are too few or the version is unknown (``NPY/layout(_:name:)`` then says what is wrong).
    static func headerEnd(_ prefix: [UInt8]) -> Int? {
        guard prefix.count >= 10 else { return nil }
        switch prefix[6] {
        case 1: return 10 + (Int(prefix[8]) | Int(prefix[9]) << 8)
        case 2, 3:
            guard prefix.count >= 12 else { return nil }
            return 12 + (Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24)
        default: return nil
        }
    }

    /// The rows at `rows`, in that order; consecutive rows are one read.
    public func batch(rows: [Int]) throws -> Tensor {
        var tensor = Tensor(uninitializedShape: [rows.count] + sampleShape)
        try tensor.withUnsafeMutableBufferPointer { output in
            var position = 0
            while position < rows.count {
                var run = 1
                while position + run < rows.count, rows[position + run] == rows[position] + run { run += 1 }
                try readRows(rows[position]..<(rows[position] + run), into: output.baseAddress! + position * rowValues)
                position += run
            }
        }
        return tensor
    }

    /// Reads the rows `range` into `output` (room for their values), converted to `Float`.
    func readRows(_ range: Range<Int>, into output: UnsafeMutablePointer<Float>) throws {
        require(range.lowerBound >= 0 && range.upperBound <= count, "rows \(range) are out of range 0..<\(count) of \(name)")
        let offset = dataStart + range.lowerBound * rowBytes
        let values = range.count * rowValues
        guard values > 0 else { return }
        if type == .float32 {
            // Little-endian float32 on a little-endian machine: the bytes are the values.
            try NPYFileSource.read(descriptor, into: UnsafeMutableRawPointer(output), at: offset, count: values * 4, name: name)
            return
        }
        // Other dtypes go through a bounded buffer, converted piece by piece.
        let piece = Swift.max(1, (1 << 20) / rowBytes)
        var done = range.lowerBound
        while done < range.upperBound {
            let rowsNow = Swift.min(piece, range.upperBound - done)
            let bytes = try NPYFileSource.read(descriptor, at: dataStart + done * rowBytes, count: rowsNow * rowBytes, name: name)
            let destination = UnsafeMutableBufferPointer(start: output + (done - range.lowerBound) * rowValues, count: rowsNow * rowValues)
            bytes.withUnsafeBytes { NPY.convert($0.baseAddress!, type: type, into: destination) }
            done += rowsNow
        }
    }

    private static func read(_ descriptor: Int32, at offset: Int, count: Int, name: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            try read(descriptor, into: base, at: offset, count: count, name: name)
        }
        return bytes
    }

    /// Exactly `count` bytes at `offset`; a file that ends first is an error.
    private static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, at offset: Int, count: Int, name: String) throws {
        try FileBytes.read(descriptor, into: buffer, at: offset, count: count, label: name) { byte in
            DataError(.malformed, file: name, "\(name): the file ended at byte \(byte) while reading rows (it changed meanwhile?)")
        }
    }
}
