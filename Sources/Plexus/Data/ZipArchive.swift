/// A reader for zip archives held in memory, as much of the format as NPZ files need: the
/// end-of-central-directory record, the central directory, local headers, and members that
/// are stored or deflated (inflated with zlib). Zip64 archives (over 4 GB or 65,535 members),
/// encrypted members and other compression methods are refused with a clear error.
package struct ZipArchive {
    /// A member of the archive, as the central directory describes it.
    package struct Entry {
        package var name: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        package var compressedSize: Int
        package var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let bytes: [UInt8]
    /// How errors refer to the archive.
    let name: String
    /// The members, in the order of the central directory.
    package let entries: [Entry]

    private static let endRecordSize = 22

    /// Reads the directory of the archive in `bytes`; `name` is how errors refer to it.
    ///
    /// Every member's sizes are checked before anything is inflated: the compressed bytes
    /// must lie inside the file, the uncompressed size may not exceed what deflate can make
    /// of them (``ReadLimits/maximumCompressionRatio``), and all members together may not
    /// exceed ``ReadLimits/maximumInputBytes``.
    package init(bytes: [UInt8], name: String) throws {
        self.bytes = bytes
        self.name = name
        let end = try ZipArchive.findEndRecord(bytes, name: name)
        let count = Int(bytes.uint16(at: end + 10))
        let directorySize = Int(bytes.uint32(at: end + 12))
        let directoryOffset = Int(bytes.uint32(at: end + 16))
        let zip64Locator = end >= 20 && bytes.uint32(at: end - 20) == 0x0706_4B50
        if zip64Locator || count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw DataError(
                .unsupported, file: name,
                "\(name): zip64 archives (over 4 GB or 65,535 members) are not supported; save smaller arrays or use separate .npy files")
        }
        guard directoryOffset + directorySize <= end else {
            throw DataError(.malformed, file: name, "\(name): the zip central directory lies outside the file (truncated?)")
        }
        var entries: [Entry] = []
        var total = 0
        let limit = ReadLimits.maximumInputBytes
        var position = directoryOffset
        for index in 0..<count {
            guard position + 46 <= end, bytes.uint32(at: position) == 0x0201_4B50 else {
                throw DataError(.malformed, file: name, "\(name): zip central directory entry \(index + 1) of \(count) is damaged")
            }
            let nameLength = Int(bytes.uint16(at: position + 28))
            let extraLength = Int(bytes.uint16(at: position + 30))
            let commentLength = Int(bytes.uint16(at: position + 32))
            guard position + 46 + nameLength <= end else {
                throw DataError(.malformed, file: name, "\(name): zip central directory entry \(index + 1) of \(count) is damaged")
            }
            let entry = Entry(
                name: String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self),
                method: bytes.uint16(at: position + 10),
                flags: bytes.uint16(at: position + 8),
                crc32: bytes.uint32(at: position + 16),
                compressedSize: Int(bytes.uint32(at: position + 20)),
                uncompressedSize: Int(bytes.uint32(at: position + 24)),
                localHeaderOffset: Int(bytes.uint32(at: position + 42)))
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
                throw DataError(
                    .unsupported, file: name,
                    "\(name): member \"\(ErrorText.cut(entry.name))\" uses zip64 (over 4 GB), which is not supported")
            }
            try ZipArchive.checkSizes(entry, fileSize: bytes.count, name: name)
            total += entry.uncompressedSize
            guard total <= limit else {
                throw ReadLimits.exceeded(name, limit: limit, what: "its members add up to \(total) bytes or more uncompressed, more than")
            }
            entries.append(entry)
            position += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The first bytes (up to `count`) of a member's contents, without inflating the rest:
    /// enough to read an NPY header. Not checked against the CRC-32.
    func prefix(of entry: Entry, count: Int) throws -> [UInt8] {
        let (member, raw) = try compressedBytes(of: entry)
        switch entry.method {
        case 0: return Array(raw.prefix(count))
        case 8: return try Gzip.inflateRawPrefix(raw, count: count, name: member)
        default: return []
        }
    }

    /// The position of the end-of-central-directory record: the last one in the file, which
    /// may be followed by a comment of up to 65,535 bytes.
    private static func findEndRecord(_ bytes: [UInt8], name: String) throws -> Int {
        guard bytes.count >= endRecordSize else {
            throw DataError(.malformed, file: name, "\(name): not a zip archive (\(bytes.count) bytes is too short)")
        }
        var position = bytes.count - endRecordSize
        let lowest = max(0, position - 65_535)
        while position >= lowest {
            if bytes[position] == 0x50, bytes.uint32(at: position) == 0x0605_4B50,
                position + endRecordSize + Int(bytes.uint16(at: position + 20)) <= bytes.count
            {
                return position
            }
            position -= 1
        }
        throw DataError(
            .malformed, file: name, "\(name): not a zip archive (no end-of-central-directory record; truncated or another format)")
    }

    /// A member's claimed sizes against the archive's: its compressed bytes must fit in the
    /// file, and a deflated member cannot inflate to more than about 1032 times them.
    private static func checkSizes(_ entry: Entry, fileSize: Int, name: String) throws {
        let member = "\(name), member \"\(ErrorText.cut(entry.name))\""
        guard entry.compressedSize <= fileSize else {
            throw DataError(
                .malformed, file: name,
                "\(member): claims \(entry.compressedSize) compressed bytes, but the archive has \(fileSize) bytes in all (truncated?)")
        }
        guard entry.method != 0 || entry.compressedSize == entry.uncompressedSize else {
            throw DataError(
                .malformed, file: name,
                "\(member): a stored member's sizes differ (\(entry.compressedSize) stored, \(entry.uncompressedSize) claimed)")
        }
        let ceiling = entry.compressedSize * ReadLimits.maximumCompressionRatio + 64
        guard entry.method != 8 || entry.uncompressedSize <= ceiling else {
            throw DataError(
                .malformed, file: name,
                "\(member): claims \(entry.uncompressedSize) bytes uncompressed from \(entry.compressedSize) compressed, more than deflate can make of them (at most about \(ReadLimits.maximumCompressionRatio) to 1)"
            )
        }
    }

    /// How errors refer to a member, and its compressed bytes, found through its local header.
    private func compressedBytes(of entry: Entry) throws -> (member: String, raw: ArraySlice<UInt8>) {
        let member = "\(name), member \"\(ErrorText.cut(entry.name))\""
        if entry.flags & 1 != 0 {
            throw DataError(.unsupported, file: name, "\(member): encrypted zip members are not supported")
        }
        let local = entry.localHeaderOffset
        guard local + 30 <= bytes.count, bytes.uint32(at: local) == 0x0403_4B50 else {
            throw DataError(.malformed, file: name, "\(member): the local header is missing or damaged")
        }
        let start = local + 30 + Int(bytes.uint16(at: local + 26)) + Int(bytes.uint16(at: local + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw DataError(.malformed, file: name, "\(member): the data run past the end of the file (truncated?)")
        }
        return (member, bytes[start..<(start + entry.compressedSize)])
    }

    /// The uncompressed contents of `entry`, checked against its CRC-32.
    package func contents(of entry: Entry) throws -> [UInt8] {
        let (member, raw) = try compressedBytes(of: entry)
        let data: [UInt8]
        switch entry.method {
        case 0:
            data = Array(raw)  // the sizes were checked with the directory
        case 8:
            data = try Gzip.inflateRaw(raw, size: entry.uncompressedSize, name: member)
        default:
            throw DataError(
                .unsupported, file: name,
                "\(member): compression method \(entry.method) is not supported (only stored and deflated members, as np.savez and np.savez_compressed write)"
            )
        }
        guard Gzip.crc32(data) == entry.crc32 else {
            throw DataError(.malformed, file: name, "\(member): the data are corrupt (CRC-32 does not match)")
        }
        return data
    }
}

extension Array where Element == UInt8 {
    /// The little-endian 16-bit number at `offset`.
    func uint16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    /// The little-endian 32-bit number at `offset`.
    func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
