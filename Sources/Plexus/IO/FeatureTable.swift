/// Samples to predict on, from a file: a CSV table of numbers (one column per feature, with
/// or without a header line), a `.npy` array or an IDX array, each plain or gzipped.
///
/// ```swift
/// let x = try FeatureTable.load("new_houses.csv")              // [rows, columns]
/// let y = try FeatureTable.load("train.csv", skipping: "price") // leave out the label column
/// let z = try FeatureTable.read("/dev/stdin")                   // a pipe: read once, format from the bytes
/// ```
///
/// The format is decided from the contents, not the name, so a pipe or process substitution
/// (`<(zcat x.csv.gz)`) works: NPY data starts with `\x93NUMPY`, IDX data with two zero bytes,
/// a type code and a rank; anything else is CSV text. The file is read once.
public enum FeatureTable {
    /// The formats ``read(_:skipping:format:)`` reads.
    public enum Format: String, Sendable, CaseIterable {
        /// Comma-separated text (`csv`), a NumPy array (`npy`), or an IDX file as MNIST uses (`idx`).
        case csv, npy, idx
    }

    /// What ``read(_:skipping:format:)`` found in a file.
    public struct Contents: Sendable {
        /// The samples: `[rows, columns]` for CSV, the array as stored for NPY and IDX.
        public let samples: Tensor
        /// The format the file was read as.
        public let format: Format
        /// The CSV header's column names (before any column is left out); nil for NPY and
        /// IDX, and for a CSV file without a header line.
        public let columnNames: [String]?
    }

    /// The samples in `path` (see ``read(_:skipping:format:)``).
    public static func load(_ path: String, skipping column: String? = nil) throws -> Tensor {
        try read(path, skipping: column).samples
    }

    /// The samples in `path`, and what the file was.
    ///
    /// A CSV file's first line is its header, unless every field of it is a number: then the
    /// file has no header and that line is the first sample (``Contents/columnNames`` is nil).
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - column: a CSV column to leave out (the label column of a training file), by its
    ///     name in the header.
    ///   - format: the format, instead of deciding it from the contents.
    /// - Throws: ``DataError`` naming the file (and the line and column of a value that is not
    ///   a number) when it cannot be read, is binary data of no format here, or is malformed.
    public static func read(_ path: String, skipping column: String? = nil, format: Format? = nil) throws -> Contents {
        try read(path, skippingColumns: column.map { [$0] } ?? [], format: format)
    }

    /// ``read(_:skipping:format:)`` leaving out several CSV columns (the label columns of a
    /// multi-label training file), each by its name in the header.
    ///
    /// ```swift
    /// let x = try FeatureTable.read("pictures.csv", skippingColumns: ["car", "bus", "pedestrian"]).samples
    /// ```
    public static func read(_ path: String, skippingColumns columns: [String], format: Format? = nil) throws -> Contents {
        // The first bytes are checked as they arrive, so that /dev/zero or a lying NPY header
        // stops after one chunk, not at the read limit.
        let check = ContentCheck { prefix in
            switch try format ?? detectFormat(prefix, name: path) {
            case .npy: return try NPY.contentCheck(name: path).inspect(prefix)
            case .idx: return try IDX.contentCheck(name: path).inspect(prefix)
            case .csv: return try ContentCheck.text(name: path).inspect(prefix)
            }
        }
        let bytes = try FileBytes.readMaybeGzipped(path, check: check)
        let chosen = try format ?? detectFormat(bytes, name: path)
        if chosen != .csv, let column = columns.first {
            throw DataError(
                .missingEntry, file: path,
                "\(path): \(chosen.rawValue.uppercased()) data has no named columns, so no column \"\(ErrorText.cut(column))\" to leave out"
            )
        }
        switch chosen {
        case .npy: return Contents(samples: try NPY.parse(bytes, name: path), format: .npy, columnNames: nil)
        case .idx: return Contents(samples: try IDX.parse(bytes, name: path), format: .idx, columnNames: nil)
        case .csv: return try csv(bytes, name: path, skipping: columns)
        }
    }

    /// The format of (decompressed) `bytes`, from their first bytes.
    static func detectFormat(_ bytes: [UInt8], name: String) throws -> Format {
        if bytes.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return .npy }
        // IDX: 0, 0, a type code (unsigned byte ... double), a rank of 1 to 4.
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0, [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(bytes[2]),
            (1...4).contains(bytes[3])
        {
            return .idx
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw DataError(.unsupported, file: name, "\(name): a zip archive (NPZ?); give the samples as one .npy array or a CSV file")
        }
        // CSV is text: a zero byte near the start means binary data.
        try ContentCheck.requireText(bytes.prefix(4096), name: name, format: "CSV")
        return .csv
    }

    private static func csv(_ bytes: [UInt8], name path: String, skipping columns: [String]) throws -> Contents {
        let tokenizer = CSVTokenizer(separator: .byte(UInt8(ascii: ",")), name: path)
        var header: [String]?
        var width = 0
        var skipped = Set<Int>()
        var values: [Float] = []
        var rows = 0
        try bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { line, fields in
                if rows == 0 && header == nil {
                    width = fields.count
                    let numbers = fields.map { CSVTokenizer.number(in: $0, of: buffer) }
                    if numbers.contains(where: { $0 == nil }) {
                        let names = fields.map { CSVTokenizer.text(of: $0, in: buffer) }
                        skipped = Set(try columns.map { try index(of: $0, in: names, path: path) })
                        header = names
                        return
                    }
                    if let column = columns.first {
                        throw DataError(
                            .missingEntry, file: path,
                            "\(path): no header line (the first line is numbers), so no column \"\(ErrorText.cut(column))\" to leave out")
                    }
                }
                guard fields.count == width else {
                    throw DataError(
                        .invalidValue, file: path,
                        "\(path) line \(line): expected \(width) fields, as in \(header == nil ? "the first line" : "the header"), but found \(fields.count)"
                    )
                }
                for (index, field) in fields.enumerated() where !skipped.contains(index) {
                    guard let value = CSVTokenizer.number(in: field, of: buffer) else {
                        let place = header.map { "column \"\(ErrorText.cut($0[index]))\"" } ?? "field \(index + 1)"
                        throw DataError(
                            .invalidValue, file: path,
                            "\(path) line \(line), \(place): \"\(ErrorText.cut(CSVTokenizer.text(of: field, in: buffer)))\" is not a number"
                        )
                    }
                    values.append(value)
                }
                rows += 1
            }
        }
        guard rows > 0 else { throw DataError(.empty, file: path, "\(path): no data rows") }
        return Contents(samples: Tensor(shape: [rows, width - skipped.count], scalars: values), format: .csv, columnNames: header)
    }

    private static func index(of column: String, in names: [String], path: String) throws -> Int {
        guard let index = names.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
            let listed = names.prefix(20).map { "\"\(ErrorText.cut($0))\"" }.joined(separator: ", ") + (names.count > 20 ? ", ..." : "")
            throw DataError(
                .missingEntry, file: path, "\(path): no column \"\(ErrorText.cut(column))\" to leave out; the columns are \(listed)")
        }
        return index
    }
}
