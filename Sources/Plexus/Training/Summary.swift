import Foundation

extension Sequential {
    /// Prints ``summaryText``: each layer's name and type, output shape and parameter count,
    /// then the totals, as Keras's `model.summary()`.
    public func summary() {
        progressOutput.write(summaryText + "\n")
    }

    /// The table ``summary()`` prints:
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
    public var summaryText: String {
        var rows: [(String, String, String)] = []
        var shape = inputShape
        for layer in layers {
            shape = shape.flatMap { try? layer.outputShape(forInputShape: $0) }
            let shapeText = shape.map { "(" + (["None"] + $0.map(String.init)).joined(separator: ", ") + ")" } ?? "?"
            rows.append(("\(layer.name) (\(layer.typeName))", shapeText, Sequential.grouped(layer.parameterCount)))
        }
        let headers = ("Layer (type)", "Output Shape", "Param #")
        let widths = [
            Swift.max(29, rows.map(\.0.count).max() ?? 0, headers.0.count),
            Swift.max(22, rows.map(\.1.count).max() ?? 0),
            Swift.max(13, rows.map(\.2.count).max() ?? 0),
        ]
        func line(_ left: String, _ fill: String, _ middle: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0 + 2) }.joined(separator: middle) + right
        }
        func cells(_ border: String, _ row: (String, String, String)) -> String {
            let left = row.0.padding(toLength: widths[0], withPad: " ", startingAt: 0)
            let middle = row.1.padding(toLength: widths[1], withPad: " ", startingAt: 0)
            let right = String(repeating: " ", count: widths[2] - row.2.count) + row.2
            return "\(border) \(left) \(border) \(middle) \(border) \(right) \(border)"
        }
        var text = ["Model: \"\(name)\"", line("┏", "━", "┳", "┓"), cells("┃", headers), line("┡", "━", "╇", "┩")]
        for (index, row) in rows.enumerated() {
            if index > 0 { text.append(line("├", "─", "┼", "┤")) }
            text.append(cells("│", row))
        }
        text.append(line("└", "─", "┴", "┘"))
        let all = parameters.reduce(0) { $0 + $1.value.count }
        let trainable = trainableParameters.reduce(0) { $0 + $1.value.count }
        text.append(" Total params: \(Sequential.countAndSize(all))")
        text.append(" Trainable params: \(Sequential.countAndSize(trainable))")
        text.append(" Non-trainable params: \(Sequential.countAndSize(all - trainable))")
        if let optimizer {
            let slots = optimizer.stateElementCount(for: trainableParameters)
            if slots > 0 { text.append(" Optimizer params: \(Sequential.countAndSize(slots))") }
        }
        return text.joined(separator: "\n")
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
