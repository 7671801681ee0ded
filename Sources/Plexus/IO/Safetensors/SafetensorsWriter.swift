/// Writing the safetensors format (see ``SafetensorsHeader`` for its layout): the header JSON
/// in the tensors' order, padded with spaces to a multiple of 8 bytes so that the data area
/// is aligned, then each tensor's float32 values copied in one block.
enum SafetensorsWriter {
    /// The bytes of a safetensors file holding `tensors` (as F32, in this order) and `metadata`.
    static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) -> [UInt8] {
        var header = "{"
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, tensor) in tensors {
            let size = tensor.count * MemoryLayout<Float>.size
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        header += fields.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        headerBytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8))

        let total = 8 + headerBytes.count + offset
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            var length = UInt64(headerBytes.count).littleEndian
            withUnsafeBytes(of: &length) { base.copyMemory(from: $0.baseAddress!, byteCount: 8) }
            headerBytes.withUnsafeBytes { base.advanced(by: 8).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            var position = 8 + headerBytes.count
            for (_, tensor) in tensors {
                tensor.withUnsafeBufferPointer { values in
                    guard let source = values.baseAddress, !values.isEmpty else { return }
                    let bytes = values.count * MemoryLayout<Float>.size
                    #if _endian(little)
                        base.advanced(by: position).copyMemory(from: source, byteCount: bytes)
                    #else
                        for i in 0..<values.count {
                            base.storeBytes(of: values[i].bitPattern.littleEndian, toByteOffset: position + 4 * i, as: UInt32.self)
                        }
                    #endif
                    position += bytes
                }
            }
            initialized = total
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
