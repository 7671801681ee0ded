import Foundation

/// A minimal protobuf reader for the tests (ONNX, TensorBoard events): fields by number,
/// values as varints, fixed32, fixed64 or bytes.
struct ProtobufMessage {
    enum Value: Equatable {
        case varint(UInt64)
        case fixed32(UInt32)
        case fixed64(UInt64)
        case bytes([UInt8])
    }

    var fields: [(number: Int, value: Value)] = []

    init(_ bytes: [UInt8]) throws {
        var index = 0
        func varint() throws -> UInt64 {
            var result: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw CocoaError(.coderReadCorrupt) }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
        while index < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: fields.append((number, .varint(try varint())))
            case 5:
                guard index + 4 <= bytes.count else { throw CocoaError(.coderReadCorrupt) }
                let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index + $1]) << (8 * UInt32($1)) }
                index += 4
                fields.append((number, .fixed32(value)))
            case 1:
                guard index + 8 <= bytes.count else { throw CocoaError(.coderReadCorrupt) }
                let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[index + $1]) << (8 * UInt64($1)) }
                index += 8
                fields.append((number, .fixed64(value)))
            case 2:
                let length = Int(try varint())
                guard index + length <= bytes.count else { throw CocoaError(.coderReadCorrupt) }
                fields.append((number, .bytes(Array(bytes[index..<(index + length)]))))
                index += length
            default: throw CocoaError(.coderReadCorrupt)
            }
        }
    }

    func all(_ number: Int) -> [Value] { fields.filter { $0.number == number }.map(\.value) }
    func int(_ number: Int) -> Int? {
        if case .varint(let value)? = all(number).last { return Int(Int64(bitPattern: value)) }
        return nil
    }
    func double(_ number: Int) -> Double? {
        if case .fixed64(let value)? = all(number).last { return Double(bitPattern: value) }
        return nil
    }
    func bytes(_ number: Int) -> [UInt8]? {
        if case .bytes(let value)? = all(number).last { return value }
        return nil
    }
    func string(_ number: Int) -> String? {
        if case .bytes(let value)? = all(number).last { return String(decoding: value, as: UTF8.self) }
        return nil
    }
    func strings(_ number: Int) -> [String] {
        all(number).compactMap { if case .bytes(let value) = $0 { return String(decoding: value, as: UTF8.self) } else { return nil } }
    }
    func messages(_ number: Int) throws -> [ProtobufMessage] {
        try all(number).compactMap { if case .bytes(let value) = $0 { return try ProtobufMessage(value) } else { return nil } }
    }
    func ints(_ number: Int) -> [Int] {
        all(number).compactMap { if case .varint(let value) = $0 { return Int(Int64(bitPattern: value)) } else { return nil } }
    }
}
