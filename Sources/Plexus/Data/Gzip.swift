import CZlib

/// Decompression with zlib: gzip files (RFC 1952, possibly several members one after the
/// other, as `cat a.gz b.gz` makes) and raw deflate streams (RFC 1951, as in zip members).
enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of gzip data; `name` is how errors refer to the file.
    static func decompress(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        // The last four bytes of a gzip member hold its size modulo 2^32: a good first guess.
        var guess = bytes.count * 4
        if bytes.count >= 18 {
            let n = bytes.count
            let stated = Int(bytes[n - 4]) | Int(bytes[n - 3]) << 8 | Int(bytes[n - 2]) << 16 | Int(bytes[n - 1]) << 24
            if stated > 0 { guess = stated }
        }
        return try inflate(bytes, windowBits: 15 + 32, expectedSize: guess, exact: false, name: name, what: "gzip data")
    }

    /// The contents of a raw deflate stream that should inflate to exactly `size` bytes.
    static func inflateRaw(_ bytes: ArraySlice<UInt8>, size: Int, name: String) throws -> [UInt8] {
        try inflate(Array(bytes), windowBits: -15, expectedSize: size, exact: true, name: name, what: "deflate data")
    }

    /// The CRC-32 of `bytes`, as zip and gzip use it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: uLong = CZlib.crc32(0, nil, 0)
        bytes.withUnsafeBufferPointer { buffer in
            var base = buffer.baseAddress
            var left = buffer.count
            while left > 0, let pointer = base {
                let chunk = min(left, Int(UInt32.max >> 1))
                crc = CZlib.crc32(crc, pointer, uInt(chunk))
                base = pointer + chunk
                left -= chunk
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    private static func inflate(
        _ input: [UInt8], windowBits: Int32, expectedSize: Int, exact: Bool, name: String, what: String
    ) throws -> [UInt8] {
        // One spare byte in exact mode lets zlib report the stream's end with room to spare.
        var output = [UInt8](repeating: 0, count: exact ? expectedSize + 1 : max(expectedSize + 64, 64))
        var produced = 0
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(.ioFailure, file: name, "\(name): zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }

        let maxChunk = Int(UInt32.max >> 1)
        try input.withUnsafeBufferPointer { inputBuffer in
            var consumed = 0
            while true {
                if produced == output.count {
                    if exact {
                        throw DataError(.malformed, file: name, "\(name): \(what) inflates to more than the \(expectedSize) bytes recorded")
                    }
                    output.append(contentsOf: repeatElement(0, count: max(output.count / 2, 1 << 16)))
                }
                let inputChunk = min(inputBuffer.count - consumed, maxChunk)
                let outputChunk = min(output.count - produced, maxChunk)
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress.map { $0 + consumed })
                stream.avail_in = uInt(inputChunk)
                let status: Int32 = output.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress! + produced
                    stream.avail_out = uInt(outputChunk)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                consumed += inputChunk - Int(stream.avail_in)
                produced += outputChunk - Int(stream.avail_out)
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow (concatenated files); padding zeros may too.
                    let rest = inputBuffer[consumed...]
                    if windowBits > 0, rest.count >= 2, rest[consumed] == 0x1F, rest[consumed + 1] == 0x8B {
                        guard inflateReset(&stream) == Z_OK else {
                            throw DataError(.malformed, file: name, "\(name): corrupt \(what) after byte \(consumed)")
                        }
                        continue
                    }
                    return
                case Z_OK, Z_BUF_ERROR:
                    let madeProgress = inputChunk - Int(stream.avail_in) > 0 || outputChunk - Int(stream.avail_out) > 0
                    if consumed == inputBuffer.count && !madeProgress || (status == Z_BUF_ERROR && !madeProgress && produced < output.count) {
                        throw DataError(.malformed, file: name, "\(name): \(what) is truncated (it ends before the end of the compressed stream)")
                    }
                default:
                    let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DataError(.malformed, file: name, "\(name): corrupt \(what) (\(detail))")
                }
            }
        }
        if exact && produced != expectedSize {
            throw DataError(.malformed, file: name, "\(name): \(what) inflates to \(produced) bytes, but \(expectedSize) are recorded")
        }
        output.removeSubrange(produced...)
        return output
    }
}
