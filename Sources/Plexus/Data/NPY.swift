/// Reading and writing NumPy's `.npy` files: the magic string `\x93NUMPY`, a version,
/// a header that is a Python dictionary literal (`{'descr': '<f4', 'fortran_order': False,
/// 'shape': (3, 4), }`), then the values in row-major order.
///
/// ```swift
/// let x = try NPY.load("features.npy")          // from np.save("features.npy", x)
/// try NPY.write(predictions, to: "predictions.npy")
/// ```
public enum NPY {
    /// The value types this reader converts to `Float`.
    enum ElementType: String {
        case float32 = "f4", float64 = "f8", uint8 = "u1", int8 = "i1", int16 = "i2", uint16 = "u2"
        case int32 = "i4", uint32 = "u4", int64 = "i8", uint64 = "u8", bool = "b1"

        var size: Int { Int(rawValue.dropFirst())! }
    }

    /// The tensor stored in a `.npy` file (plain or gzipped), its values converted to `Float`.
    ///
    /// ```swift
    /// let labels = try NPY.load("labels.npy")
    /// ```
    ///
    /// Reads little-endian (`<`) and byte-sized (`|`) arrays of float32, float64, uint8, int8,
    /// int16, uint16, int32, uint32, int64, uint64 and bool, in C order, header versions 1.0,
    /// 2.0 and 3.0. Integers beyond 2^24 lose precision as `Float`s do.
    /// - Throws: ``DataError`` naming the file when it is missing, is not a `.npy` file, is
    ///   truncated, or uses big-endian values, Fortran order or another dtype (the message says
    ///   how to convert it with NumPy).
    public static func load(_ path: String) throws -> Tensor {
        try parse(try FileBytes.readMaybeGzipped(path, check: contentCheck(name: path)), name: path)
    }

    /// The most dimensions an array may have (NumPy allows 64).
    static let maximumRank = 64

    /// Where the values of a `.npy` file are and what they are, from its header.
    struct Layout {
        var shape: [Int]
        var type: ElementType
        var descr: String
        /// Where the values start.
        var dataStart: Int
        /// How many bytes of values the header describes.
        var dataBytes: Int
    }

    /// The first bytes of a `.npy` file as they arrive: the magic string, and the size the
    /// header describes, so that reading stops there and a header asking for more than the
    /// read limit is an error before the rest is read.
    static func contentCheck(name: String) -> ContentCheck {
        ContentCheck { prefix in
            guard let layout = try layout(prefix, name: name) else { return nil }
            return layout.dataStart + layout.dataBytes
        }
    }

    /// The tensor in the bytes of a `.npy` file; `name` is how errors refer to it.
    ///
    /// The header is checked before anything is allocated: the shape's element count and byte
    /// count (overflow-checked) must equal the bytes that follow the header.
    /// - Throws: ``DataError`` naming `name` and what is wrong.
    package static func parse(_ bytes: [UInt8], name: String) throws -> Tensor {
        guard let layout = try layout(bytes, name: name) else {
            let problem =
                bytes.count < 6
                ? "not a .npy file (\(bytes.count) bytes is too short)" : "truncated .npy header (the file has \(bytes.count) bytes)"
            throw DataError(.malformed, file: name, "\(name): \(problem)")
        }
        let available = bytes.count - layout.dataStart
        guard available == layout.dataBytes else {
            throw DataError(
                .malformed, file: name,
                "\(name): header says shape \(shapeText(layout.shape)) of '\(layout.descr)' = \(layout.dataBytes) bytes, file has \(available) bytes of data\(available < layout.dataBytes ? " (truncated?)" : "")"
            )
        }
        var tensor = Tensor(uninitializedShape: layout.shape)
        bytes.withUnsafeBytes { raw in
            tensor.withUnsafeMutableBufferPointer { output in
                convert(raw.baseAddress! + layout.dataStart, type: layout.type, into: output)
            }
        }
        return tensor
    }

    /// The layout described by the header at the start of `bytes`; nil when `bytes` end
    /// before the header does.
    static func layout(_ bytes: [UInt8], name: String) throws -> Layout? {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        let seen = min(bytes.count, magic.count)
        guard bytes[0..<seen].elementsEqual(magic[0..<seen]) else {
            throw DataError(.malformed, file: name, "\(name): not a .npy file (it does not start with \\x93NUMPY)")
        }
        guard bytes.count >= 10 else { return nil }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { return nil }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw DataError(
                .unsupported, file: name, "\(name): .npy format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw DataError(
                .malformed, file: name,
                "\(name): truncated .npy header (it says \(headerLength) bytes, the file has \(bytes.count - headerStart) after the preamble)"
            )
        }
        let header = try NPYHeader(parsing: bytes[headerStart..<(headerStart + headerLength)], name: name)
        let type = try elementType(of: header.descr, name: name)
        if header.fortranOrder {
            throw DataError(
                .unsupported, file: name,
                "\(name): the array is stored in Fortran (column-major) order, which is not supported; save it with np.save(path, np.ascontiguousarray(a))"
            )
        }
        guard header.shape.count <= maximumRank else {
            throw DataError(
                .malformed, file: name,
                "\(name): the header gives \(header.shape.count) dimensions, more than the \(maximumRank) an array may have")
        }
        guard let dataBytes = checkedProduct(header.shape + [type.size]) else {
            throw DataError(
                .malformed, file: name,
                "\(name): header says shape \(shapeText(header.shape)) of '\(header.descr)', more bytes than any file can hold")
        }
        return Layout(shape: header.shape, type: type, descr: header.descr, dataStart: headerStart + headerLength, dataBytes: dataBytes)
    }

    /// A shape as NumPy writes it, cut when long: `(2, 3)`.
    static func shapeText(_ shape: [Int]) -> String {
        ErrorText.cut("(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")"))
    }

    private static func elementType(of descr: String, name: String) throws -> ElementType {
        guard let order = descr.first, let type = ElementType(rawValue: String(descr.dropFirst())) else {
            throw DataError(
                .unsupported, file: name,
                "\(name): dtype '\(ErrorText.cut(descr))' is not supported; convert it with a.astype(np.float32) (readable: float32, float64, uint8, int8, int16, uint16, int32, uint32, int64, uint64, bool)"
            )
        }
        switch order {
        case "<", "|", "=":
            return type
        case ">" where type.size == 1:
            return type
        case ">":
            throw DataError(
                .unsupported, file: name,
                "\(name): dtype '\(descr)' is big-endian, which is not supported; convert it with a.astype('<\(type.rawValue)')")
        default:
            throw DataError(.malformed, file: name, "\(name): dtype '\(ErrorText.cut(descr))' has an unknown byte order")
        }
    }

    static func convert(_ source: UnsafeRawPointer, type: ElementType, into output: UnsafeMutableBufferPointer<Float>) {
        guard let destination = output.baseAddress else { return }
        let count = output.count
        func each<T>(_ type: T.Type, _ toFloat: (T) -> Float) {
            let stride = MemoryLayout<T>.size
            for i in 0..<count { destination[i] = toFloat(source.loadUnaligned(fromByteOffset: i * stride, as: T.self)) }
        }
        // The platforms Plexus runs on are little-endian, as .npy '<' data are.
        switch type {
        case .float32: each(UInt32.self) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .float64: each(UInt64.self) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .uint8: each(UInt8.self) { Float($0) }
        case .int8: each(Int8.self) { Float($0) }
        case .bool: each(UInt8.self) { $0 == 0 ? 0 : 1 }
        case .int16: each(Int16.self) { Float(Int16(littleEndian: $0)) }
        case .uint16: each(UInt16.self) { Float(UInt16(littleEndian: $0)) }
        case .int32: each(Int32.self) { Float(Int32(littleEndian: $0)) }
        case .uint32: each(UInt32.self) { Float(UInt32(littleEndian: $0)) }
        case .int64: each(Int64.self) { Float(Int64(littleEndian: $0)) }
        case .uint64: each(UInt64.self) { Float(UInt64(littleEndian: $0)) }
        }
    }

    /// The bytes of a version 1.0 `.npy` file holding `tensor` as little-endian float32.
    static func encode(_ tensor: Tensor) -> [UInt8] {
        let shapeText: String
        switch tensor.rank {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(tensor.shape[0]),)"
        default: shapeText = "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Magic (6) + version (2) + length (2) + header + newline: a multiple of 64 bytes.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0]
        let length = header.utf8.count
        bytes.append(UInt8(length & 0xFF))
        bytes.append(UInt8(length >> 8))
        bytes.append(contentsOf: header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * tensor.count)
        tensor.withUnsafeBufferPointer { values in
            #if _endian(little)
                bytes.append(contentsOf: UnsafeRawBufferPointer(values))
            #else
                for value in values {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                }
            #endif
        }
        return bytes
    }

    /// Writes `tensor` to a `.npy` file (version 1.0, little-endian float32, C order) that
    /// `np.load` reads, replacing the file atomically: a crash leaves the old file or the new
    /// one, never half of one.
    ///
    /// ```swift
    /// try NPY.write(try model.predict(x), to: "predictions.npy")
    /// ```
    /// - Throws: ``DataError`` when the file cannot be written.
    public static func write(_ tensor: Tensor, to path: String) throws {
        try AtomicFile.write(encode(tensor), to: path)
    }
}
