/// Reading tables of numbers from CSV files (comma-separated values, plain or gzipped).
///
/// ```swift
/// let houses = try CSV.load("houses.csv", labelColumn: "price")
/// ```
public enum CSV {
    /// A data set from a CSV file whose first line names the columns.
    ///
    /// ```swift
    /// let data = try CSV.load("data.csv")                        // the last column is the label
    /// let iris = try CSV.load("iris.csv.gz", labelColumn: "species")
    /// ```
    ///
    /// Every column but the label column is a feature and must hold numbers (spaces around
    /// them are fine). The label column may hold numbers (class indices or regression
    /// targets) or text: text labels are class names, numbered in sorted order (`"cat"` 0,
    /// `"dog"` 1) and kept in ``Dataset/classNames``. Fields may be quoted (`"1,5"` is one
    /// field); lines may end in `\r\n`; blank lines are skipped. A file whose name ends in
    /// `.gz`, or whose bytes are gzip data, is decompressed first.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - labelColumn: the name of the label column, as in the header; by default the last.
    ///   - delimiter: the field separator: `,` by default, or `;`, a tab, ... (one ASCII character).
    /// - Returns: a data set with features `[rows, columns - 1]`, labels `[rows]`, the column
    ///   names as ``Dataset/featureNames`` and the file's name as its ``Dataset/name``.
    /// - Throws: ``DataError`` naming the file (and the line and column) when the file is
    ///   missing, has no data rows, has a row with the wrong number of fields, has text in a
    ///   feature column, or has no column called `labelColumn`.
    public static func load(_ path: String, labelColumn: String? = nil, delimiter: Character = ",") throws -> Dataset {
        let bytes = try FileBytes.readMaybeGzipped(path, check: .text(name: path))
        return try parse(bytes, name: path, labelColumn: labelColumn, delimiter: delimiter)
    }

    /// A data set from the bytes of a CSV file with a header line; `name` is how errors refer
    /// to the file. See ``load(_:labelColumn:delimiter:)``.
    ///
    /// Binary data (a NUL byte in the first 64 KiB) are refused before any parsing. Nothing
    /// is kept per row but the values: numeric labels as numbers, text labels as class indices.
    package static func parse(_ bytes: [UInt8], name: String, labelColumn: String? = nil, delimiter: Character = ",") throws -> Dataset {
        try ContentCheck.requireText(bytes.prefix(64 << 10), name: name, format: "CSV")
        guard let ascii = delimiter.asciiValue, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw DataError(.invalidValue, file: name, "\(name): the delimiter must be one ASCII character other than a quote or line break, got \"\(delimiter)\"")
        }
        do {
            var labels = NumericLabels()
            return try parse(bytes, name: name, labelColumn: labelColumn, separator: ascii, labels: &labels)
        } catch let firstText as TextLabelFound {
            // Text labels: read again, numbering each distinct text (rare, and usually found
            // on the first row, so the second pass costs little).
            var labels = TextLabels(firstText: firstText)
            return try parse(bytes, name: name, labelColumn: labelColumn, separator: ascii, labels: &labels)
        }
    }

    private static func parse(
        _ bytes: [UInt8], name: String, labelColumn: String?, separator ascii: UInt8, labels: inout some LabelCollector
    ) throws -> Dataset {
        let tokenizer = CSVTokenizer(separator: .byte(ascii), name: name)
        var header: [String]?
        var labelIndex = 0
        var featureValues: [Float] = []
        var rows = 0
        try bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { line, fields in
                guard let columns = header else {
                    let names = fields.map { CSVTokenizer.text(of: $0, in: buffer) }
                    labelIndex = try findLabelColumn(labelColumn, in: names, name: name)
                    guard names.count >= 2 else {
                        throw DataError(
                            .invalidValue, file: name,
                            "\(name): the header has only one column (\"\(ErrorText.cut(names[0]))\"); a data set needs at least one feature column and a label column\(ascii == UInt8(ascii: ",") ? "" : " (is the delimiter right?)")")
                    }
                    header = names
                    featureValues.reserveCapacity(buffer.count / 4)
                    return
                }
                guard fields.count == columns.count else {
                    throw DataError(
                        .invalidValue, file: name,
                        "\(name) line \(line): expected \(columns.count) fields, as in the header, but found \(fields.count)")
                }
                for (index, field) in fields.enumerated() {
                    if index == labelIndex {
                        try labels.add(field, line: line, buffer: buffer, column: columns[index], name: name)
                        continue
                    }
                    guard let value = CSVTokenizer.number(in: field, of: buffer) else {
                        throw notANumber(field, line: line, column: columns[index], buffer: buffer, name: name)
                    }
                    featureValues.append(value)
                }
                rows += 1
            }
        }
        guard let columns = header else {
            throw DataError(.empty, file: name, "\(name): no data rows (the file is empty)")
        }
        guard rows > 0 else {
            throw DataError(.empty, file: name, "\(name): no data rows (only the header line)")
        }
        let (values, classNames) = try labels.finish(column: columns[labelIndex], name: name)
        var featureNames = columns
        featureNames.remove(at: labelIndex)
        return Dataset(
            name: name.lastPathComponent,
            features: Tensor(shape: [rows, featureNames.count], scalars: featureValues),
            labels: Tensor(shape: [rows], scalars: values),
            featureNames: featureNames,
            classNames: classNames)
    }

    private static func findLabelColumn(_ wanted: String?, in names: [String], name: String) throws -> Int {
        guard let wanted else { return names.count - 1 }
        if let index = names.firstIndex(of: wanted) { return index }
        let trimmed = wanted.trimmingBlanks
        if let index = names.firstIndex(where: { $0.lowercased() == trimmed.lowercased() }) { return index }
        throw DataError(.missingEntry, file: name, "\(name): no column \"\(ErrorText.cut(wanted))\" for the labels; the columns are \(ErrorText.list(names))")
    }

    private static func notANumber(
        _ field: CSVTokenizer.Field, line: Int, column: String, buffer: UnsafeBufferPointer<UInt8>, name: String
    ) -> DataError {
        let text = CSVTokenizer.text(of: field, in: buffer)
        if text.isEmpty {
            return DataError(
                .invalidValue, file: name,
                "\(name) line \(line), column \"\(ErrorText.cut(column))\": the value is empty (missing values are not supported: fill them in or drop the row)")
        }
        return DataError(
            .invalidValue, file: name,
            "\(name) line \(line), column \"\(ErrorText.cut(column))\": \"\(ErrorText.cut(text))\" is not a number (only the label column may hold text)")
    }

    /// The numbers of a headerless table, row by row, every row as long as the first:
    /// how the bundled data sets are stored.
    static func readMatrix(
        _ bytes: [UInt8], name: String, separator: CSVTokenizer.Separator
    ) throws -> (rows: Int, columns: Int, values: [Float]) {
        let tokenizer = CSVTokenizer(separator: separator, name: name)
        var columns = -1
        var rows = 0
        var values: [Float] = []
        values.reserveCapacity(bytes.count / 2)
        try bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { line, fields in
                if columns < 0 { columns = fields.count }
                guard fields.count == columns else {
                    throw DataError(.invalidValue, file: name, "\(name) line \(line): expected \(columns) fields, as on the first line, but found \(fields.count)")
                }
                for (index, field) in fields.enumerated() {
                    guard let value = CSVTokenizer.number(in: field, of: buffer) else {
                        throw notANumber(field, line: line, column: "\(index + 1)", buffer: buffer, name: name)
                    }
                    values.append(value)
                }
                rows += 1
            }
        }
        guard rows > 0 else { throw DataError(.empty, file: name, "\(name): no data rows (the file is empty)") }
        return (rows, columns, values)
    }
}

extension String {
    /// The string without spaces and tabs at either end.
    var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
