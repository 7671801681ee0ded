/// The header of a `.npy` file: a Python dictionary literal with the keys `descr` (the dtype,
/// such as `'<f4'`), `fortran_order` (`True` or `False`) and `shape` (a tuple of integers).
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// The values of a header's dictionary; `name` is how errors refer to the file.
    init(parsing text: String, name: String) throws {
        try self.init(parsing: Array(text.utf8)[...], name: name)
    }

    /// The values of a header's dictionary, from its bytes; `name` is how errors refer to the file.
    init(parsing bytes: ArraySlice<UInt8>, name: String) throws {
        var parser = Parser(text: Array(bytes), name: name)
        let entries = try parser.dictionary()
        func missing(_ key: String) -> DataError {
            DataError(
                .malformed, file: name,
                "\(name): the .npy header has no '\(key)' entry: \(ErrorText.cut(bytes: parser.text).trimmingBlanks)")
        }
        guard case .string(let descr)? = entries["descr"] else { throw missing("descr") }
        guard case .bool(let fortranOrder)? = entries["fortran_order"] else { throw missing("fortran_order") }
        guard case .tuple(let shape)? = entries["shape"] else { throw missing("shape") }
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    /// A recursive-descent reader for the small subset of Python literals headers use.
    private struct Parser {
        let text: [UInt8]
        let name: String
        var position = 0

        private func failure(_ what: String) -> DataError {
            return DataError(
                .malformed, file: name,
                "\(name): cannot read the .npy header (\(what) at character \(position + 1)): \(ErrorText.cut(bytes: text).trimmingBlanks)")
        }

        private mutating func skipSpace() {
            while position < text.count,
                text[position] == 0x20 || text[position] == 0x0A || text[position] == 0x09 || text[position] == 0x0D
            {
                position += 1
            }
        }

        private mutating func expect(_ character: Character) throws {
            skipSpace()
            guard position < text.count, text[position] == character.asciiValue! else {
                throw failure("expected '\(character)'")
            }
            position += 1
        }

        private mutating func peek(_ character: Character) -> Bool {
            skipSpace()
            return position < text.count && text[position] == character.asciiValue!
        }

        mutating func dictionary() throws -> [String: Value] {
            try expect("{")
            var entries: [String: Value] = [:]
            while !peek("}") {
                let key = try string()
                try expect(":")
                entries[key] = try value()
                if peek(",") { position += 1 } else { break }
            }
            try expect("}")
            return entries
        }

        private mutating func string() throws -> String {
            skipSpace()
            guard position < text.count, text[position] == 0x27 || text[position] == 0x22 else {
                throw failure("expected a quoted string")
            }
            let quote = text[position]
            position += 1
            let start = position
            while position < text.count, text[position] != quote { position += 1 }
            guard position < text.count else { throw failure("a string is not closed") }
            let result = String(decoding: text[start..<position], as: UTF8.self)
            position += 1
            return result
        }

        private mutating func value() throws -> Value {
            skipSpace()
            guard position < text.count else { throw failure("expected a value") }
            switch text[position] {
            case 0x27, 0x22:
                return .string(try string())
            case UInt8(ascii: "["):
                throw DataError(
                    .unsupported, file: name,
                    "\(name): the array has a structured dtype (named fields), which is not supported; save each field as its own array")
            case UInt8(ascii: "("):
                position += 1
                var items: [Int] = []
                while !peek(")") {
                    items.append(try integer())
                    if peek(",") { position += 1 } else { break }
                }
                try expect(")")
                return .tuple(items)
            default:
                let start = position
                while position < text.count, (text[position] | 0x20) >= UInt8(ascii: "a"), (text[position] | 0x20) <= UInt8(ascii: "z") {
                    position += 1
                }
                switch String(decoding: text[start..<position], as: UTF8.self) {
                case "True": return .bool(true)
                case "False": return .bool(false)
                default:
                    position = start
                    throw failure("expected a string, a tuple, True or False")
                }
            }
        }

        private mutating func integer() throws -> Int {
            skipSpace()
            var value = 0
            var sawDigit = false
            while position < text.count, case let d = text[position] &- 0x30, d < 10 {
                let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int(d))
                guard !overflow1, !overflow2 else { throw failure("a dimension is too large") }
                value = sum
                sawDigit = true
                position += 1
            }
            guard sawDigit else { throw failure("expected a non-negative integer") }
            if position < text.count, text[position] == UInt8(ascii: "L") { position += 1 }  // Python 2's long
            return value
        }
    }
}
