/// A small Protocol Buffers encoder, as much of the wire format as ONNX and TensorBoard's
/// event files need: varints (wire type 0), 64-bit doubles (wire type 1), 32-bit floats
/// (wire type 5) and length-delimited fields (wire type 2: strings, bytes, nested messages
/// and packed doubles). Other repeated scalars are written unpacked, one tagged field each,
/// which every parser accepts.
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

    mutating func double(_ field: Int, _ value: Double) {
        tag(field, wireType: 1)
        appendLittleEndian(value.bitPattern)
    }

    /// A packed `repeated double` field: one length-delimited block of 8-byte values.
    mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        tag(field, wireType: 2)
        varint(UInt64(values.count * 8))
        for value in values { appendLittleEndian(value.bitPattern) }
    }

    private mutating func appendLittleEndian(_ bits: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
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
