/// The format of a data file, decided from its first bytes rather than its name, so that a
/// pipe or a process substitution (`--dataset <(zcat data.csv.gz)`, whose name is
/// `/dev/fd/63`) is read as what it holds.
///
/// ```swift
/// switch try DataFormat.detect(path: path) {
/// case .csv: data = try CSV.load(path)
/// case .npz: data = try NPZ.loadDataset(path)
/// case .npy, .idx, .safetensors: ...
/// }
/// ```
///
/// What decides, in order (gzip data are decompressed first and their contents decide):
/// - ``npy``: the magic string `\x93NUMPY`;
/// - ``npz``: a zip archive, `PK\x03\x04` (or `PK\x05\x06`, an empty one);
/// - ``safetensors``: an 8-byte little-endian header length between 2 and 100,000,000, then `{`;
/// - ``idx``: two zero bytes, a known IDX type code (08, 09, 0B, 0C, 0D, 0E) and a rank of 1 or more;
/// - ``csv``: anything else (the CSV reader then refuses binary data with a clear error).
public enum DataFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Comma-separated text (``CSV``), or any input that is none of the others.
    case csv
    /// One NumPy array (``NPY``).
    case npy
    /// A zip archive of NumPy arrays (``NPZ``).
    case npz
    /// An IDX file, as MNIST ships (``IDX``).
    case idx
    /// A safetensors file (``Safetensors``), such as a saved Plexus model.
    case safetensors

    /// The format's name in messages: "a CSV file", "an .npy file", ...
    public var description: String {
        switch self {
        case .csv: return "a CSV file"
        case .npy: return "an .npy file"
        case .npz: return "an .npz (zip) file"
        case .idx: return "an IDX file"
        case .safetensors: return "a safetensors file"
        }
    }

    /// The format of the file at `path`, from its first bytes.
    ///
    /// A regular file is opened, its first bytes read, and closed. A pipe, a FIFO or another
    /// input that can be read only once (`/dev/stdin`, `/dev/fd/63`) is left open: the bytes
    /// read to decide are handed back to the next reader that opens the same path (``CSV``,
    /// ``NPY``, ``NPZ``, ``IDX``, ``Safetensors``, ``FeatureTable``), which reads on from
    /// there, so nothing is lost and nothing is read twice. An empty input is ``csv``.
    /// - Throws: ``DataError`` when the file is missing, is a folder, or cannot be read.
    public static func detect(path: String) throws -> DataFormat {
        let file = try InputFile.open(path, name: path)
        var prefix: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var decided: DataFormat?
        // Read until the bytes decide (usually 12 are enough) or the input ends.
        while decided == nil, prefix.count < prefixLimit {
            let got = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
            prefix += chunk[0..<got]
            decided = decide(prefix, isWhole: got == 0)
        }
        if file.regularSize == nil {
            file.handOver(path, prefix: prefix)
        } else {
            file.close()
        }
        return decided ?? .csv
    }

    /// The format of an input whose first bytes are `prefix` (the first 64 bytes decide,
    /// more for gzip data, whose decompressed start decides).
    public static func detect(prefix: [UInt8]) -> DataFormat {
        decide(prefix, isWhole: true) ?? .csv
    }

    /// The most bytes read to decide.
    private static let prefixLimit = 64 << 10

    /// The format `bytes` begin, or nil when more bytes are needed to tell.
    private static func decide(_ bytes: [UInt8], isWhole: Bool) -> DataFormat? {
        if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
            // Decide on what the start decompresses to (a gzipped file may be huge).
            let inner = (try? Gzip.decompressPrefix(bytes[...], count: 64, name: "")) ?? []
            if let format = decide(inner, isWhole: false) { return format }
            return isWhole || bytes.count >= prefixLimit ? decide(inner, isWhole: true) ?? .csv : nil
        }
        if let format = binaryFormat(bytes) { return format }
        let needed = 12
        return isWhole || bytes.count >= needed ? .csv : nil
    }

    /// The binary format `bytes` begin, if they begin one.
    private static func binaryFormat(_ bytes: [UInt8]) -> DataFormat? {
        if bytes.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return .npy }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .npz }
        if bytes.count >= 9, bytes[8] == UInt8(ascii: "{") {
            var length: UInt64 = 0
            for index in 0..<8 { length |= UInt64(bytes[index]) << (8 * UInt64(index)) }
            if length >= 2, length <= UInt64(SafetensorsHeader.maximumLength) { return .safetensors }
        }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, IDX.ElementType(rawValue: bytes[2]) != nil, bytes[3] >= 1 {
            return .idx
        }
        return nil
    }
}
