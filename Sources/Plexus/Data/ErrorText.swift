/// Making values from files fit in an error message: a message quotes what it found, but
/// never a whole 89 KB line or a header of binary noise.
enum ErrorText {
    /// The longest value quoted in a message, in characters.
    static let maximumLength = 60

    /// `text` as it stands when short, else its first characters and "…"; control
    /// characters (a NUL, an escape) become `?` so that the message stays one clean line.
    static func cut(_ text: some StringProtocol, limit: Int = maximumLength) -> String {
        var result = ""
        var count = 0
        for character in text {
            if count == limit {
                result.append("…")
                break
            }
            let isControl = character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
            result.append(isControl ? "?" : character)
            count += 1
        }
        return result
    }

    /// Bytes that should be text, decoded (invalid UTF-8 shown as U+FFFD) and cut.
    static func cut(bytes: some Collection<UInt8>, limit: Int = maximumLength) -> String {
        cut(String(decoding: bytes.prefix(limit * 4 + 4), as: UTF8.self), limit: limit)
    }

    /// Names for a message, each quoted and cut, at most `limit` of them (then "…").
    static func list(_ names: [String], limit: Int = 20) -> String {
        let shown = names.prefix(limit).map { "\"\(cut($0))\"" }.joined(separator: ", ")
        return names.count > limit ? shown + ", … (\(names.count) in all)" : shown
    }
}
