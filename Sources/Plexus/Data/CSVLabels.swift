/// Gathering a CSV file's label column row by row, keeping one number per row and never the
/// fields themselves: labels are numbers (regression targets, class indices) or, when any
/// is not a number, class names numbered in sorted order.
protocol LabelCollector {
    mutating func add(_ field: CSVTokenizer.Field, line: Int, buffer: UnsafeBufferPointer<UInt8>, column: String, name: String) throws
    /// The labels, and the class names when they are texts.
    func finish(column: String, name: String) throws -> (labels: [Float], classNames: [String]?)
}

/// The first label that is not a number: the file is read again with ``TextLabels``.
struct TextLabelFound: Error {
    let line: Int
    let column: String
    let text: String
}

/// Labels while every one is a number.
struct NumericLabels: LabelCollector {
    private var numbers: [Float] = []

    mutating func add(_ field: CSVTokenizer.Field, line: Int, buffer: UnsafeBufferPointer<UInt8>, column: String, name: String) throws {
        if let value = CSVTokenizer.number(in: field, of: buffer) {
            numbers.append(value)
            return
        }
        let text = CSVTokenizer.text(of: field, in: buffer)
        if text.isEmpty { throw TextLabels.emptyLabel(line: line, column: column, name: name) }
        throw TextLabelFound(line: line, column: column, text: text)
    }

    func finish(column: String, name: String) throws -> (labels: [Float], classNames: [String]?) { (numbers, nil) }
}

/// Labels as class names: each row keeps the index of its text in order of first sight;
/// `finish` renumbers them in sorted order.
struct TextLabels: LabelCollector {
    private let firstText: TextLabelFound
    private var seen: [String: Int32] = [:]
    private var texts: [String] = []
    private var rows: [Int32] = []
    /// Distinct texts beyond this are counted no more (the error only needs "too many").
    private static let countingLimit = 100_000

    init(firstText: TextLabelFound) { self.firstText = firstText }

    mutating func add(_ field: CSVTokenizer.Field, line: Int, buffer: UnsafeBufferPointer<UInt8>, column: String, name: String) throws {
        let text = CSVTokenizer.text(of: field, in: buffer)
        if text.isEmpty { throw TextLabels.emptyLabel(line: line, column: column, name: name) }
        if let index = seen[text] {
            rows.append(index)
            return
        }
        guard texts.count < TextLabels.countingLimit else { throw tooMany(column: column, name: name, atLeast: true) }
        seen[text] = Int32(texts.count)
        rows.append(Int32(texts.count))
        texts.append(text)
    }

    func finish(column: String, name: String) throws -> (labels: [Float], classNames: [String]?) {
        guard texts.count <= LearningTask.maximumClasses else { throw tooMany(column: column, name: name, atLeast: false) }
        let classNames = texts.sorted()
        var position = [Float](repeating: 0, count: texts.count)
        for (rank, text) in classNames.enumerated() { position[Int(seen[text]!)] = Float(rank) }
        return (rows.map { position[Int($0)] }, classNames)
    }

    private func tooMany(column: String, name: String, atLeast: Bool) -> DataError {
        DataError(
            .invalidValue, file: name,
            "\(name) line \(firstText.line), column \"\(ErrorText.cut(column))\": \"\(ErrorText.cut(firstText.text))\" is not a number, and the column has \(atLeast ? "at least " : "")\(texts.count) distinct values, too many to be class names (at most \(LearningTask.maximumClasses))"
        )
    }

    static func emptyLabel(line: Int, column: String, name: String) -> DataError {
        DataError(.invalidValue, file: name, "\(name) line \(line), column \"\(ErrorText.cut(column))\": the label is empty")
    }
}
