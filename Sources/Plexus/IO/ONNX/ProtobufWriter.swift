/// A small Protocol Buffers encoder, as much of the wire format as ONNX needs: varints
/// (wire type 0), 32-bit floats (wire type 5) and length-delimited fields (wire type 2:
/// strings, bytes and nested messages). Repeated scalars are written unpacked, one tagged
/// field each, which every parser accepts.
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func tag(_ field: Int, wireType: Int) {
        varint(UInt64(field) << 3 | UInt64(wireType))
    }

    /// An int64/int32/enum field; negative values take ten bytes, as the format says.
    mutating func int(_ field: Int, _ value: Int) {
        tag(field, wireType: 0)
        varint(UInt64(bitPattern: Int64(value)))
    }

    mutating func float(_ field: Int, _ value: Float) {
        tag(field, wireType: 5)
        let bits = value.bitPattern
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
    }

    mutating func string(_ field: Int, _ text: String) {
        data(field, Array(text.utf8))
    }

    mutating func data(_ field: Int, _ payload: [UInt8]) {
        tag(field, wireType: 2)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// Raw bytes copied from memory in one block (tensor data).
    mutating func data(_ field: Int, _ payload: UnsafeRawBufferPointer) {
        tag(field, wireType: 2)
        varint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// A nested message, written by `body`.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var nested = ProtobufWriter()
        body(&nested)
        data(field, nested.bytes)
    }
}
