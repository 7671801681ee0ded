import Foundation

/// Building blocks of SVG text: escaped text and attributes, and numbers written short.
enum SVGMarkup {
    /// `text` safe inside an XML element or a quoted attribute: the five special characters as
    /// entities, and characters XML 1.0 does not allow (most control characters) dropped.
    /// Text longer than `limit` characters is cut, ending in "…".
    static func escaped(_ text: String, limit: Int = 200) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                result += "…"
                break
            }
            count += 1
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                let v = scalar.value
                let allowed = v >= 0x20 && !(0xD800...0xDFFF).contains(v) && v != 0xFFFE && v != 0xFFFF
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }

    /// The opening `<svg>` tag of a self-contained picture `width` by `height`, with its title
    /// for screen readers, and a white background.
    static func open(width: Int, height: Int, title: String, className: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" class="\(className)" width="\(width)" height="\(height)" \
        viewBox="0 0 \(width) \(height)" role="img" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(escaped(title))</title>
        <rect width="\(width)" height="\(height)" fill="#ffffff"/>

        """
    }

    /// A `<text>` element at (`x`, `y`).
    static func text(_ content: String, x: Double, y: Double, anchor: String = "middle", extra: String = "") -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(extra.isEmpty ? "" : " " + extra)>\(escaped(content))</text>\n"
    }
}
