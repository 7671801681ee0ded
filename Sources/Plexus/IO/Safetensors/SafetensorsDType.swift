/// The element types a safetensors file may declare that Plexus reads, each converted to
/// `Float` on load. Plexus itself writes `F32`.
package enum SafetensorsDType: String, CaseIterable, Sendable {
    case f32 = "F32"
    case f64 = "F64"
    case f16 = "F16"
    case bf16 = "BF16"
    case i64 = "I64"
    case i32 = "I32"
    case i16 = "I16"
    case i8 = "I8"
    case u8 = "U8"
    case bool = "BOOL"

    /// Bytes per element.
    var size: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// The list given in messages about an unknown dtype.
    static var readableList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Converts `count` little-endian elements at `source` into `Float`s at `destination`.
    func convert(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        func each<T>(_ type: T.Type, _ toFloat: (T) -> Float) {
            let stride = MemoryLayout<T>.size
            for i in 0..<count { destination[i] = toFloat(source.loadUnaligned(fromByteOffset: i * stride, as: T.self)) }
        }
        switch self {
        case .f32: each(UInt32.self) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .f64: each(UInt64.self) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .f16: each(UInt16.self) { SafetensorsDType.halfToFloat(UInt16(littleEndian: $0)) }
        case .bf16: each(UInt16.self) { Float(bitPattern: UInt32(UInt16(littleEndian: $0)) << 16) }
        case .i64: each(Int64.self) { Float(Int64(littleEndian: $0)) }
        case .i32: each(Int32.self) { Float(Int32(littleEndian: $0)) }
        case .i16: each(Int16.self) { Float(Int16(littleEndian: $0)) }
        case .i8: each(Int8.self) { Float($0) }
        case .u8: each(UInt8.self) { Float($0) }
        case .bool: each(UInt8.self) { $0 == 0 ? 0 : 1 }
        }
    }

    /// IEEE 754 half precision to single, by its bits (no `Float16`, which Intel Macs lack).
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
