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
        try load(path, labelColumns: labelColumn.map { [$0] } ?? [], delimiter: delimiter)
    }

    /// A data set whose labels are several columns of a CSV file, such as the 0/1 columns of a
    /// multi-label task (`car`, `bus`, `pedestrian`): labels `[rows, k]` in the order the
    /// columns are listed, the column names as ``Dataset/classNames``. One column is the
    /// same as ``load(_:labelColumn:delimiter:)``, none means the last column.
    ///
    /// ```swift
    /// let pictures = try CSV.load("pictures.csv", labelColumns: ["car", "bus", "pedestrian"])
    /// pictures.task                      // .multilabel(labels: 3) when every label is 0 or 1
    /// ```
    ///
    /// - Throws: ``DataError`` naming the file when a listed column does not exist, a column is
    ///   listed twice, the header has a label column's name twice (it would be a label and a
    ///   feature), or, with several columns, a label is empty or not a number.
    public static func load(_ path: String, labelColumns: [String], delimiter: Character = ",") throws -> Dataset {
        let bytes = try FileBytes.readMaybeGzipped(path, check: .text(name: path))
        return try parse(bytes, name: path, labelColumns: labelColumns, delimiter: delimiter)
    }

    /// A data set from the bytes of a CSV file with a header line; `name` is how errors refer
    /// to the file. See ``load(_:labelColumn:delimiter:)``.
    ///
    /// Binary data (a NUL byte in the first 64 KiB) are refused before any parsing. Nothing
    /// is kept per row but the values: numeric labels as numbers, text labels as class indices.
    package static func parse(_ bytes: [UInt8], name: String, labelColumn: String? = nil, delimiter: Character = ",") throws -> Dataset {
        try parse(bytes, name: name, labelColumns: labelColumn.map { [$0] } ?? [], delimiter: delimiter)
    }

    /// ``parse(_:name:labelColumn:delimiter:)`` for any number of label columns (see
    /// ``load(_:labelColumns:delimiter:)``).
    package static func parse(_ bytes: [UInt8], name: String, labelColumns: [String], delimiter: Character = ",") throws -> Dataset {
        try ContentCheck.requireText(bytes.prefix(64 << 10), name: name, format: "CSV")
        guard let ascii = delimiter.asciiValue, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw DataError(
                .invalidValue, file: name,
                "\(name): the delimiter must be one ASCII character other than a quote or line break, got \"\(delimiter)\"")
        }
        let several = labelColumns.count > 1
        do {
            var labels = Array(repeating: NumericLabels(), count: Swift.max(labelColumns.count, 1))
            return try parse(bytes, name: name, labelColumns: labelColumns, separator: ascii, labels: &labels)
        } catch let firstText as TextLabelFound where several {
            throw DataError(
                .invalidValue, file: name,
                "\(name) line \(firstText.line), column \"\(ErrorText.cut(firstText.column))\": \"\(ErrorText.cut(firstText.text))\" is not a number; with several label columns every label must be a number (0 or 1 for multi-label)"
            )
        } catch let firstText as TextLabelFound {
            // Text labels: read again, numbering each distinct text (rare, and usually found
            // on the first row, so the second pass costs little).
            var labels = [TextLabels(firstText: firstText)]
            return try parse(bytes, name: name, labelColumns: labelColumns, separator: ascii, labels: &labels)
        }
    }

    /// Reads the file with one collector per label column (`labels[slot]` for
    /// `labelColumns[slot]`, or one for the last column when none is named).
    private static func parse<Labels: LabelCollector>(
        _ bytes: [UInt8], name: String, labelColumns: [String], separator ascii: UInt8, labels: inout [Labels]
    ) throws -> Dataset {
        let tokenizer = CSVTokenizer(separator: .byte(ascii), name: name)
        var header: [String]?
        var labelIndices: [Int] = []
        // For each column, the label slot it fills, or -1 for a feature.
        var slotOfColumn: [Int] = []
        var featureValues: [Float] = []
        var rows = 0
        try bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { line, fields in
                guard let columns = header else {
                    let names = fields.map { CSVTokenizer.text(of: $0, in: buffer) }
                    labelIndices = try findLabelColumns(labelColumns, in: names, name: name)
                    guard names.count > labelIndices.count else {
                        throw DataError(
                            .invalidValue, file: name,
                            "\(name): the header has only \(names.count == 1 ? "one column (\"\(ErrorText.cut(names[0]))\")" : "the label columns"); a data set needs at least one feature column and a label column\(ascii == UInt8(ascii: ",") ? "" : " (is the delimiter right?)")"
                        )
                    }
                    slotOfColumn = Array(repeating: -1, count: names.count)
                    for (slot, index) in labelIndices.enumerated() { slotOfColumn[index] = slot }
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
                    let slot = slotOfColumn[index]
                    if slot >= 0 {
                        try labels[slot].add(field, line: line, buffer: buffer, column: columns[index], name: name)
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
        let featureNames = columns.indices.filter { slotOfColumn[$0] < 0 }.map { columns[$0] }
        let features = Tensor(shape: [rows, featureNames.count], scalars: featureValues)
        if labelIndices.count == 1 {
            let (values, classNames) = try labels[0].finish(column: columns[labelIndices[0]], name: name)
            return Dataset(
                name: name.lastPathComponent, features: features, labels: Tensor(shape: [rows], scalars: values),
                featureNames: featureNames, classNames: classNames)
        }
        // Several columns: numbers only (text stopped the first pass), interleaved row by row.
        let perColumn = try labelIndices.enumerated().map { slot, index in
            try labels[slot].finish(column: columns[index], name: name).labels
        }
        var values = [Float](repeating: 0, count: rows * perColumn.count)
        for (slot, column) in perColumn.enumerated() {
            for row in 0..<rows { values[row * perColumn.count + slot] = column[row] }
        }
        return Dataset(
            name: name.lastPathComponent, features: features, labels: Tensor(shape: [rows, perColumn.count], scalars: values),
            featureNames: featureNames, classNames: labelIndices.map { columns[$0] })
    }

    /// The index of each wanted label column (the last column when none is named). A name
    /// matches exactly, else ignoring case and surrounding blanks.
    private static func findLabelColumns(_ wanted: [String], in names: [String], name: String) throws -> [Int] {
        guard !wanted.isEmpty else { return [names.count - 1] }
        var indices: [Int] = []
        for column in wanted {
            let index = try findLabelColumn(column, in: names, name: name)
            if let earlier = indices.firstIndex(of: index) {
                throw DataError(
                    .invalidValue, file: name,
                    "\(name): the label column \"\(ErrorText.cut(names[index]))\" is listed twice (as \"\(ErrorText.cut(wanted[earlier]))\" and \"\(ErrorText.cut(column))\")"
                )
            }
            let sameName = names.indices.filter { names[$0] == names[index] }
            if sameName.count > 1 {
                throw DataError(
                    .invalidValue, file: name,
                    "\(name): the header has \(sameName.count) columns named \"\(ErrorText.cut(names[index]))\" (columns \(sameName.map { String($0 + 1) }.joined(separator: ", "))), so the label column would also be a feature; rename one"
                )
            }
            indices.append(index)
        }
        return indices
    }

    private static func findLabelColumn(_ wanted: String, in names: [String], name: String) throws -> Int {
        if let index = names.firstIndex(of: wanted) { return index }
        let trimmed = wanted.trimmingBlanks
        if let index = names.firstIndex(where: { $0.lowercased() == trimmed.lowercased() }) { return index }
        throw DataError(
            .missingEntry, file: name,
            "\(name): no column \"\(ErrorText.cut(wanted))\" for the labels; the columns are \(ErrorText.list(names))")
    }

    private static func notANumber(
        _ field: CSVTokenizer.Field, line: Int, column: String, buffer: UnsafeBufferPointer<UInt8>, name: String
    ) -> DataError {
        let text = CSVTokenizer.text(of: field, in: buffer)
        if text.isEmpty {
            return DataError(
                .invalidValue, file: name,
                "\(name) line \(line), column \"\(ErrorText.cut(column))\": the value is empty (missing values are not supported: fill them in or drop the row)"
            )
        }
        return DataError(
            .invalidValue, file: name,
            "\(name) line \(line), column \"\(ErrorText.cut(column))\": \"\(ErrorText.cut(text))\" is not a number (only the label column may hold text)"
        )
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
                    throw DataError(
                        .invalidValue, file: name,
                        "\(name) line \(line): expected \(columns) fields, as on the first line, but found \(fields.count)")
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
