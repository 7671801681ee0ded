import Plexus

import Foundation

/// How the explain renderers write numbers and tensors: enough significant digits to check by
/// hand, small tensors in full.
enum ExplainFormatting {
    /// Tensors with more elements than this show their first and last few.
    static let fullTensorLimit = 64

    /// A number with `digits` significant digits (`%g`): 2, -4, 0.731059, 1.5e-07.
    static func number(_ value: Float, digits: Int) -> String {
        number(Double(value), digits: digits)
    }

    /// A number with `digits` significant digits (`%g`).
    static func number(_ value: Double, digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let text = String(format: "%.\(digits)g", value)
        return text == "-0" ? "0" : text
    }

    /// The elements in nested brackets (a scalar as its number), each with `digits`
    /// significant digits; a tensor of more than ``fullTensorLimit`` elements shows its count
    /// and its first and last three elements, in row-major order.
    static func tensor(_ tensor: Tensor, digits: Int) -> String {
        let scalars = tensor.scalars
        if tensor.count > fullTensorLimit {
            let head = scalars.prefix(3).map { number($0, digits: digits) }
            let tail = scalars.suffix(3).map { number($0, digits: digits) }
            return "[" + (head + ["... (\(tensor.count) values) ..."] + tail).joined(separator: ", ") + "]"
        }
        if tensor.rank == 0 { return number(scalars[0], digits: digits) }
        var text = ""
        append(scalars, shape: tensor.shape, axis: 0, offset: 0, digits: digits, to: &text)
        return text
    }

    private static func append(
        _ scalars: [Float], shape: [Int], axis: Int, offset: Int, digits: Int, to text: inout String
    ) {
        if axis == shape.count {
            text += number(scalars[offset], digits: digits)
            return
        }
        let stride = shape[(axis + 1)...].reduce(1, *)
        text += "["
        for index in 0..<shape[axis] {
            if index > 0 { text += ", " }
            append(scalars, shape: shape, axis: axis + 1, offset: offset + index * stride, digits: digits, to: &text)
        }
        text += "]"
    }

    /// A shape as `[2, 3]`, or `[]` for a scalar.
    static func shape(_ shape: [Int]) -> String {
        "[" + shape.map(String.init).joined(separator: ", ") + "]"
    }

    /// Rows of cells as left-aligned columns, two spaces apart, each line indented.
    static func table(_ rows: [[String]], indent: String = "  ") -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = Swift.max(widths[column], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }
            return line
        }.joined(separator: "\n")
    }
}
