import Foundation

/// Text made safe for HTML, and numbers written for people.
enum HTMLText {
    /// `text` with the five characters that HTML gives meaning to written as entities.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A score with four decimals, scientific when tiny or huge, "n/a" when not finite.
    static func score(_ value: Float) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        let size = abs(value)
        if size != 0 && (size < 1e-3 || size >= 1e6) { return String(format: "%.3e", Double(value)) }
        return String(format: "%.4f", Double(value))
    }

    /// A whole number with thousands separated: 10575 → "10,575".
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// Seconds, with a precision fit for their size: "0.031 s", "2.41 s", "95 s".
    static func seconds(_ value: Double) -> String {
        guard value.isFinite else { return "n/a" }
        if value < 1 { return String(format: "%.3f s", value) }
        if value < 60 { return String(format: "%.2f s", value) }
        return String(format: "%.0f s", value)
    }

    /// A table row of header and data cells, each escaped.
    static func row(_ cells: [String], header: Bool = false) -> String {
        let tag = header ? "th" : "td"
        return "<tr>" + cells.map { "<\(tag)>\(escaped($0))</\(tag)>" }.joined() + "</tr>\n"
    }
}
