import Foundation

extension Sequential {
    /// The table ``Model/summary()`` prints for a chain:
    ///
    ///     Model: "sequential"
    ///     ┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
    ///     ┃ Layer (type)             ┃ Output Shape     ┃    Param # ┃
    ///     ┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
    ///     │ dense (Dense)            │ (None, 25)       │     10,025 │
    ///     ...
    ///     └──────────────────────────┴──────────────────┴────────────┘
    ///      Total params: 10,575 (41.31 KB)
    ///      Trainable params: 10,575 (41.31 KB)
    ///      Non-trainable params: 0 (0.00 B)
    ///
    /// Before the input shape is known, output shapes read "?" and unbuilt layers count 0.
    var chainSummaryText: String {
        var rows: [[String]] = []
        var shape = inputShape
        for layer in layers {
            shape = shape.flatMap { try? layer.outputShape(forInputShape: $0) }
            rows.append(["\(layer.name) (\(layer.typeName))", shape.map(Model.shapeText) ?? "?", Model.grouped(layer.parameterCount)])
        }
        let headers = ["Layer (type)", "Output Shape", "Param #"]
        func widest(_ column: Int, _ minimum: Int) -> Int {
            rows.reduce(minimum) { Swift.max($0, $1[column].count) }
        }
        let widths = [widest(0, Swift.max(29, headers[0].count)), widest(1, 22), widest(2, 13)]
        let table = SummaryTable(headers: headers, widths: widths, rightAligned: [2])
        return (["Model: \"\(name)\""] + table.lines(rows.map { $0.map { [$0] } }) + totalsLines).joined(separator: "\n")
    }
}

extension Model {
    /// "(None, 28, 28, 1)": a sample shape with Keras's batch axis.
    static func shapeText(_ shape: [Int]) -> String {
        "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")"
    }

    /// The totals under a summary's table: all, trainable and non-trainable parameters, and the
    /// optimizer's slots once it has any.
    var totalsLines: [String] {
        let all = parameters.reduce(0) { $0 + $1.value.count }
        let trainable = trainableParameters.reduce(0) { $0 + $1.value.count }
        var text = [
            " Total params: \(Model.countAndSize(all))",
            " Trainable params: \(Model.countAndSize(trainable))",
            " Non-trainable params: \(Model.countAndSize(all - trainable))",
        ]
        if let optimizer {
            let slots = optimizer.stateElementCount(for: trainableParameters)
            if slots > 0 { text.append(" Optimizer params: \(Model.countAndSize(slots))") }
        }
        return text
    }

    /// "10,575".
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }

    /// "10,575 (41.31 KB)": the count and the size of that many Float32 values, 1024-based.
    static func countAndSize(_ count: Int) -> String {
        var size = Double(count * MemoryLayout<Float>.size)
        var unit = 0
        let units = ["B", "KB", "MB", "GB", "TB"]
        while size >= 1024 && unit < units.count - 1 {
            size /= 1024
            unit += 1
        }
        return "\(grouped(count)) (\(String(format: "%.2f", size)) \(units[unit]))"
    }
}

/// The box-drawn table of Keras's `summary()`: a heavy header, rows between light rules, each
/// cell one or more lines.
struct SummaryTable {
    let headers: [String]
    let widths: [Int]
    /// The columns whose text is right-aligned (the parameter counts).
    let rightAligned: Set<Int>

    /// The table's lines for `rows`, each a list of cells, each a list of lines.
    func lines(_ rows: [[[String]]]) -> [String] {
        var text = [rule("┏", "━", "┳", "┓"), cells("┃", headers), rule("┡", "━", "╇", "┩")]
        for (index, row) in rows.enumerated() {
            if index > 0 { text.append(rule("├", "─", "┼", "┤")) }
            let height = row.map(\.count).max() ?? 1
            for line in 0..<Swift.max(height, 1) {
                text.append(cells("│", row.map { line < $0.count ? $0[line] : "" }))
            }
        }
        text.append(rule("└", "─", "┴", "┘"))
        return text
    }

    private func rule(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
        left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
    }

    private func cells(_ border: String, _ values: [String]) -> String {
        let padded = zip(values, widths).enumerated().map { column, pair in
            let (value, width) = pair
            let gap = String(repeating: " ", count: Swift.max(0, width - value.count))
            return rightAligned.contains(column) ? gap + value : value + gap
        }
        return "\(border) " + padded.joined(separator: " \(border) ") + " \(border)"
    }
}
