/// Text from the user (a path, an option's value, a line of a file) made fit for a one-line
/// message: control characters (line breaks, escapes) are shown as `\n`, `\u{1B}`..., and a
/// value longer than `limit` characters keeps its start and its end (the end of a path names
/// the file) with the number of characters left out between them, so no message echoes an
/// 89 KB line. Every message the command prints from user input goes through it.
///
/// ```swift
/// shortened(String(repeating: "x", count: 90_000))   // "xxx…(89880 characters left out)…xxx"
/// ```
func shortened(_ text: String, limit: Int = 120) -> String {
    let scalars = text.unicodeScalars
    func visible<Part: Sequence<Unicode.Scalar>>(_ part: Part) -> String {
        part.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
    }
    let count = scalars.count
    guard count > limit else { return visible(scalars) }
    let head = limit * 2 / 3, tail = limit - head
    return visible(scalars.prefix(head)) + "…(\(count - head - tail) characters left out)…" + visible(scalars.suffix(tail))
}

/// `text` shortened and in single quotes, for a value inside a message: `'data.csv'`.
func quoted(_ text: String, limit: Int = 120) -> String {
    "'\(shortened(text, limit: limit))'"
}
