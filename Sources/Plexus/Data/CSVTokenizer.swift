/// Splitting delimited text into records and fields, on its UTF-8 bytes, without copying.
///
/// Follows RFC 4180 where it speaks and is lenient where files differ: fields may be quoted
/// with `"` (a doubled `""` inside stands for one quote, and commas and line breaks inside are
/// part of the field), lines end in `\n` or `\r\n`, blank lines are skipped, and a UTF-8 byte
/// order mark at the start is ignored.
struct CSVTokenizer {
    /// What separates the fields of a record.
    enum Separator: Equatable {
        /// One byte, such as `,`, `;` or a tab.
        case byte(UInt8)
        /// Any run of spaces and tabs (leading and trailing ones ignored).
        case whitespace
    }

    /// A field: its bytes are `start..<end` (inside the quotes, when quoted).
    struct Field {
        var start: Int
        var end: Int
        /// Whether the field holds doubled quotes `""` that stand for one.
        var hasEscapes: Bool
        /// Whether the field was written in quotes.
        var quoted: Bool
    }

    let separator: Separator
    /// How error messages refer to the file.
    let name: String

    private static let quote = UInt8(ascii: "\"")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Calls `body` with the (1-based) line number where each non-blank record starts and
    /// its fields. The `fields` array is reused from one call to the next.
    func forEachRecord(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (_ line: Int, _ fields: [Field]) throws -> Void
    ) throws {
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        var fields: [Field] = []
        fields.reserveCapacity(64)
        let separatorByte: UInt8
        let isWhitespace: Bool
        switch separator {
        case .byte(let byte): (separatorByte, isWhitespace) = (byte, false)
        case .whitespace: (separatorByte, isWhitespace) = (0x20, true)
        }
        @inline(__always) func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var recordEnded = false
            if isWhitespace { while i < n, isBlank(bytes[i]) { i += 1 } }
            while !recordEnded {
                // One field, starting at i (blanks before an opening quote are allowed).
                var probe = i
                while probe < n, isBlank(bytes[probe]) { probe += 1 }
                if probe < n, bytes[probe] == CSVTokenizer.quote {
                    var j = probe + 1
                    let start = j
                    var hasEscapes = false
                    var closed = false
                    while j < n {
                        let byte = bytes[j]
                        if byte == CSVTokenizer.quote {
                            if j + 1 < n, bytes[j + 1] == CSVTokenizer.quote {
                                hasEscapes = true
                                j += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if byte == CSVTokenizer.newline { line += 1 }
                        j += 1
                    }
                    guard closed else {
                        throw DataError(
                            .malformed, file: name, "\(name) line \(recordLine): a quoted field is not closed (a \" is missing)")
                    }
                    fields.append(Field(start: start, end: j, hasEscapes: hasEscapes, quoted: true))
                    i = j + 1
                    if !isWhitespace { while i < n, isBlank(bytes[i]) { i += 1 } }
                    if i + 1 < n, bytes[i] == CSVTokenizer.carriageReturn, bytes[i + 1] == CSVTokenizer.newline { i += 1 }
                    let fieldEnds =
                        i == n || bytes[i] == CSVTokenizer.newline
                        || (isWhitespace ? isBlank(bytes[i]) : bytes[i] == separatorByte)
                    guard fieldEnds else {
                        throw DataError(
                            .malformed, file: name,
                            "\(name) line \(line): unexpected text after a quoted field (a field that starts with \" must end with \")")
                    }
                } else {
                    let start = i
                    if isWhitespace {
                        while i < n, !isBlank(bytes[i]), bytes[i] != CSVTokenizer.newline { i += 1 }
                    } else {
                        while i < n, bytes[i] != separatorByte, bytes[i] != CSVTokenizer.newline { i += 1 }
                    }
                    var end = i
                    if end > start, bytes[end - 1] == CSVTokenizer.carriageReturn { end -= 1 }
                    fields.append(Field(start: start, end: end, hasEscapes: false, quoted: false))
                }
                // What ends the field: a separator, the end of the line, or the end of the file.
                /// At the end of the file or of a line: steps past the newline and says so.
                func atEndOfRecord() -> Bool {
                    if i >= n { return true }
                    guard bytes[i] == CSVTokenizer.newline else { return false }
                    i += 1
                    line += 1
                    return true
                }
                if atEndOfRecord() {
                    recordEnded = true
                } else if isWhitespace {
                    while i < n, isBlank(bytes[i]) { i += 1 }
                    if i < n, bytes[i] == CSVTokenizer.carriageReturn, i + 1 < n, bytes[i + 1] == CSVTokenizer.newline { i += 1 }
                    recordEnded = atEndOfRecord()
                } else {
                    i += 1  // the separator
                }
            }
            let blank = fields.isEmpty || (fields.count == 1 && !fields[0].quoted && isAllBlank(fields[0], bytes))
            if !blank { try body(recordLine, fields) }
        }
    }

    /// The text of a field, trimmed of spaces and tabs, with doubled quotes undone.
    static func text(of field: Field, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var start = field.start, end = field.end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard field.hasEscapes else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var unescaped: [UInt8] = []
        var k = start
        while k < end {
            unescaped.append(bytes[k])
            k += bytes[k] == quote && k + 1 < end && bytes[k + 1] == quote ? 2 : 1
        }
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Whether a field holds nothing but spaces and tabs.
    private func isAllBlank(_ field: Field, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for k in field.start..<field.end where bytes[k] != 0x20 && bytes[k] != 0x09 { return false }
        return true
    }

    /// The number in a field, or nil when it does not hold one.
    static func number(in field: Field, of bytes: UnsafeBufferPointer<UInt8>) -> Float? {
        field.hasEscapes ? nil : NumberParsing.parseFloat(bytes, field.start, field.end)
    }
}
