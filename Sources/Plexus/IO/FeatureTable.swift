/// Samples to predict on, from a file: a CSV table of numbers with a header line (one column
/// per feature), or a `.npy` array.
///
/// ```swift
/// let x = try FeatureTable.load("new_houses.csv")              // [rows, columns]
/// let y = try FeatureTable.load("train.csv", skipping: "price") // leave out the label column
/// ```
public enum FeatureTable {
    /// The samples in `path`: an `.npy` array (plain or gzipped; told by its name or its first
    /// bytes, so a pipe works too) as stored, anything else as CSV.
    ///
    /// - Parameter skipping: a CSV column to leave out (the label column of a training file).
    /// - Throws: ``DataError`` naming the file, line and column of a value that is not a number.
    public static func load(_ path: String, skipping column: String? = nil) throws -> Tensor {
        // The name or the content decides (a pipe's name says nothing): NPY by its magic string.
        let lower = path.lowercased()
        let namedNPY = lower.hasSuffix(".npy") || lower.hasSuffix(".npy.gz")
        func isNPY(_ bytes: [UInt8]) -> Bool { namedNPY || DataFormat.detect(prefix: Array(bytes.prefix(64))) == .npy }
        let bytes = try FileBytes.readMaybeGzipped(path, check: ContentCheck(inspect: { prefix in
            try (isNPY(prefix) ? NPY.contentCheck(name: path) : ContentCheck.text(name: path)).inspect(prefix)
        }))
        if isNPY(bytes) { return try NPY.parse(bytes, name: path) }
        try ContentCheck.requireText(bytes.prefix(64 << 10), name: path, format: "CSV")
        let tokenizer = CSVTokenizer(separator: .byte(UInt8(ascii: ",")), name: path)
        var header: [String]?
        var skipped: Int?
        var values: [Float] = []
        var rows = 0
        try bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { line, fields in
                guard let columns = header else {
                    let names = fields.map { CSVTokenizer.text(of: $0, in: buffer) }
                    if let column {
                        guard let index = names.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
                            throw DataError(
                                .missingEntry, file: path,
                                "\(path): no column \"\(column)\" to leave out; the columns are \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
                        }
                        skipped = index
                    }
                    header = names
                    return
                }
                guard fields.count == columns.count else {
                    throw DataError(.invalidValue, file: path, "\(path) line \(line): expected \(columns.count) fields, as in the header, but found \(fields.count)")
                }
                for (index, field) in fields.enumerated() where index != skipped {
                    guard let value = CSVTokenizer.number(in: field, of: buffer) else {
                        throw DataError(
                            .invalidValue, file: path,
                            "\(path) line \(line), column \"\(ErrorText.cut(columns[index]))\": \"\(ErrorText.cut(CSVTokenizer.text(of: field, in: buffer)))\" is not a number")
                    }
                    values.append(value)
                }
                rows += 1
            }
        }
        guard let header, rows > 0 else { throw DataError(.empty, file: path, "\(path): no data rows") }
        return Tensor(shape: [rows, header.count - (skipped == nil ? 0 : 1)], scalars: values)
    }
}
