import CZlib

/// Decompression with zlib, for data already in memory: gzip (RFC 1952, possibly several
/// members one after the other, as `cat a.gz b.gz` makes) and raw deflate streams (RFC 1951,
/// as in zip members). The output grows with what really comes out, bounded by
/// ``ReadLimits/maximumInputBytes``; no size written in the data is trusted to allocate.
package enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    package static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed contents of gzip data; `name` is how errors refer to the file.
    ///
    /// The size in the gzip trailer is ignored: it is modulo 2^32 and may lie.
    /// - Throws: ``DataError`` when the data are corrupt or truncated, or decompress to more
    ///   than ``ReadLimits/maximumInputBytes`` (kind ``DataError/Kind/tooLarge``).
    package static func decompress(_ bytes: [UInt8], name: String) throws -> [UInt8] {
        let inflater = try Inflater(.gzip, name: name)
        var content = ContentCollector(name: name, limit: ReadLimits.maximumInputBytes, check: nil)
        try bytes.withUnsafeBytes { raw in try inflater.feed(raw) { try content.append($0) } }
        try inflater.finish()
        return content.bytes
    }

    /// The contents of a raw deflate stream that should inflate to exactly `size` bytes:
    /// more or fewer is an error, found without making room for `size` up front.
    package static func inflateRaw(_ bytes: ArraySlice<UInt8>, size: Int, name: String) throws -> [UInt8] {
        let inflater = try Inflater(.raw, name: name)
        var output: [UInt8] = []
        try bytes.withUnsafeBytes { raw in
            try inflater.feed(raw) { piece in
                guard piece.count <= size - output.count else {
                    throw DataError(.malformed, file: name, "\(name): deflate data inflates to more than the \(size) bytes recorded")
                }
                output.append(contentsOf: piece)
            }
        }
        try inflater.finish()
        guard output.count == size else {
            throw DataError(.malformed, file: name, "\(name): deflate data inflates to \(output.count) bytes, but \(size) are recorded")
        }
        return output
    }

    /// The first (up to) `count` bytes a raw deflate stream inflates to, for reading a
    /// header without inflating the rest.
    static func inflateRawPrefix(_ bytes: ArraySlice<UInt8>, count: Int, name: String) throws -> [UInt8] {
        try prefix(.raw, bytes, count: count, name: name)
    }

    /// The first (up to) `count` bytes gzip data decompress to; corruption further on, or a
    /// stream cut short, is not noticed.
    static func decompressPrefix(_ bytes: ArraySlice<UInt8>, count: Int, name: String) throws -> [UInt8] {
        try prefix(.gzip, bytes, count: count, name: name)
    }

    private struct Enough: Error {}

    private static func prefix(_ format: Inflater.Format, _ bytes: ArraySlice<UInt8>, count: Int, name: String) throws -> [UInt8] {
        let inflater = try Inflater(format, name: name)
        var output: [UInt8] = []
        do {
            try bytes.withUnsafeBytes { raw in
                try inflater.feed(raw) { piece in
                    output.append(contentsOf: piece.prefix(count - output.count))
                    if output.count >= count { throw Enough() }
                }
            }
        } catch is Enough {}
        return output
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
}
