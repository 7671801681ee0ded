/// Reading IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic number (two
/// zero bytes, a type code, the number of dimensions), each dimension as a big-endian
/// 32-bit count, then the values, big-endian, in row-major order.
///
/// ```swift
/// let images = try IDX.load("train-images-idx3-ubyte.gz")   // [60000, 28, 28], values 0...255
/// ```
public enum IDX {
    /// The element types an IDX file can hold, by their type code.
    enum ElementType: UInt8 {
        case uint8 = 0x08, int8 = 0x09, int16 = 0x0B, int32 = 0x0C, float32 = 0x0D, float64 = 0x0E

        var size: Int {
            switch self {
            case .uint8, .int8: return 1
            case .int16: return 2
            case .int32, .float32: return 4
            case .float64: return 8
            }
        }
    }

    /// The tensor stored in an IDX file (plain or gzipped), its values converted to `Float`
    /// as they are (unsigned bytes stay 0...255: divide by 255 for [0, 1]).
    ///
    /// ```swift
    /// let labels = try IDX.load("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
    /// ```
    ///
    /// All IDX types are read: unsigned and signed bytes, 16- and 32-bit integers, 32- and
    /// 64-bit floats.
    /// - Throws: ``DataError`` naming the file when it is missing, is not IDX (bad magic
    ///   number or type code), is truncated, or holds more or fewer values than its header says.
    public static func load(_ path: String) throws -> Tensor {
        try parse(try FileBytes.readMaybeGzipped(path, check: contentCheck(name: path)), name: path)
    }

    /// Where the values of an IDX file are and what they are, from its header.
    struct Layout {
        var shape: [Int]
        var type: ElementType
        var headerSize: Int
        /// How many bytes of values the header describes.
        var dataBytes: Int
    }

    /// The first bytes of an IDX file as they arrive: the magic number, and the size the
    /// header describes, so that reading stops there and a header asking for more than the
    /// read limit is an error before the rest is read.
    static func contentCheck(name: String) -> ContentCheck {
        ContentCheck { prefix in
            guard let layout = try layout(prefix, name: name) else { return nil }
            return layout.headerSize + layout.dataBytes
        }
    }

    /// The tensor in the bytes of an IDX file; `name` is how errors refer to the file.
    ///
    /// The header is checked before anything is allocated: the dimensions' product and byte
    /// count (overflow-checked) must equal the bytes that follow the header.
    /// - Throws: ``DataError`` naming `name` and what is wrong.
    package static func parse(_ bytes: [UInt8], name: String) throws -> Tensor {
        guard bytes.count >= 4 else {
            throw DataError(
                .malformed, file: name, "\(name): too short to be an IDX file (\(bytes.count) bytes; the header alone takes at least 4)")
        }
        guard let layout = try layout(bytes, name: name) else {
            let rank = Int(bytes[3])
            throw DataError(
                .malformed, file: name,
                "\(name): truncated IDX header: \(rank) dimensions need \(4 + 4 * rank) bytes, the file has \(bytes.count)")
        }
        let available = bytes.count - layout.headerSize
        guard layout.dataBytes == available else {
            let dimensions = layout.shape.map(String.init).joined(separator: "x")
            let typeNote = layout.type == .uint8 ? "" : " of \(layout.type)"
            let problem =
                available < layout.dataBytes ? "truncated or the header is wrong" : "the header is wrong or data follow the values"
            throw DataError(
                .malformed, file: name,
                "\(name): header says \(ErrorText.cut(dimensions)) = \(layout.dataBytes) bytes\(typeNote), file has \(available) bytes of data after the \(layout.headerSize)-byte header (\(problem))"
            )
        }
        var tensor = Tensor(uninitializedShape: layout.shape)
        bytes.withUnsafeBytes { raw in
            tensor.withUnsafeMutableBufferPointer { output in
                convert(raw, from: layout.headerSize, type: layout.type, into: output)
            }
        }
        return tensor
    }

    /// The layout described by the header at the start of `bytes`; nil when `bytes` end
    /// before the header does.
    static func layout(_ bytes: [UInt8], name: String) throws -> Layout? {
        guard bytes.count >= 4 else { return nil }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw DataError(
                .malformed, file: name,
                "\(name): not an IDX file (bad magic number \(hex(bytes[0..<4])); IDX files start with two zero bytes)")
        }
        guard let type = ElementType(rawValue: bytes[2]) else {
            throw DataError(
                .malformed, file: name,
                "\(name): not an IDX file, or an unknown IDX type code 0x\(hex(bytes[2...2])) (bad magic number \(hex(bytes[0..<4])); known codes are 08 uint8, 09 int8, 0B int16, 0C int32, 0D float32, 0E float64)"
            )
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else { return nil }
        let shape = (0..<rank).map { Int(readBigEndianUInt32(bytes, at: 4 + 4 * $0)) }
        guard let dataBytes = checkedProduct(shape + [type.size]) else {
            throw DataError(
                .malformed, file: name,
                "\(name): header says \(ErrorText.cut(shape.map(String.init).joined(separator: "x"))) values, more bytes than any file can hold (the header is wrong)"
            )
        }
        return Layout(shape: shape, type: type, headerSize: headerSize, dataBytes: dataBytes)
    }

    private static func convert(
        _ raw: UnsafeRawBufferPointer, from offset: Int, type: ElementType, into output: UnsafeMutableBufferPointer<Float>
    ) {
        let count = output.count
        guard count > 0, let destination = output.baseAddress else { return }
        let source = raw.baseAddress! + offset
        switch type {
        case .uint8:
            let bytes = source.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { destination[i] = Float(bytes[i]) }
        case .int8:
            let bytes = source.assumingMemoryBound(to: Int8.self)
            for i in 0..<count { destination[i] = Float(bytes[i]) }
        case .int16:
            for i in 0..<count {
                destination[i] = Float(Int16(bitPattern: UInt16(bigEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
            }
        case .int32:
            for i in 0..<count {
                destination[i] = Float(Int32(bitPattern: UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
            }
        case .float32:
            for i in 0..<count {
                destination[i] = Float(bitPattern: UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
        case .float64:
            for i in 0..<count {
                destination[i] = Float(Double(bitPattern: UInt64(bigEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        }
    }

    static func readBigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
    }

    /// A data set from a pair of IDX files: images (`[n, height, width]` or
    /// `[n, height, width, channels]`, or `[n, features]`) and labels (`[n]`).
    ///
    /// ```swift
    /// let train = try IDX.loadDataset(images: "train-images-idx3-ubyte.gz", labels: "train-labels-idx1-ubyte.gz")
    /// ```
    ///
    /// Images of rank 3 get a channel axis, `[n, height, width, 1]`, as convolutions take
    /// them (channels last); ``Dataset/imageShape`` is `[height, width, channels]`. Pixel
    /// values are as stored (0...255 for bytes).
    /// - Throws: ``DataError`` naming the file when either file cannot be read or the two do
    ///   not have the same number of samples.
    public static func loadDataset(images: String, labels: String, classNames: [String]? = nil, name: String? = nil) throws -> Dataset {
        var x = try load(images)
        let y = try load(labels)
        guard x.rank >= 2 else {
            throw DataError(
                .invalidValue, file: images,
                "\(images): images need a sample axis and at least one more, but the file holds shape \(x.shape)")
        }
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw DataError(
                .invalidValue, file: labels, "\(labels): labels should hold one number per sample, but the file holds shape \(y.shape)")
        }
        guard y.shape[0] == x.shape[0] else {
            throw DataError(
                .invalidValue, file: labels,
                "\(labels) holds \(y.shape[0]) labels, but \(images) holds \(x.shape[0]) images: they must be pairs")
        }
        var imageShape: [Int]?
        if x.rank == 3 {
            x = x.reshaped(x.shape + [1])
        }
        if x.rank == 4 { imageShape = Array(x.shape.dropFirst()) }
        return Dataset(
            name: name ?? images.lastPathComponent, features: x, labels: y.reshaped([y.shape[0]]),
            classNames: classNames, imageShape: imageShape)
    }
}
