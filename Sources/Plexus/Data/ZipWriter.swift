/// Writes a zip archive of stored (uncompressed) members, as Keras writes its `.keras` files:
/// local headers, the data, the central directory and its end record, every date 1980-01-01.
/// Zip64 is not written, so the whole archive must stay under 4 GB.
package enum ZipWriter {
    /// The archive holding `members` (name and contents), in that order.
    ///
    /// - Throws: ``DataError`` (kind `.tooLarge`) when the archive would need zip64.
    package static func archive(_ members: [(name: String, bytes: [UInt8])], name: String) throws -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        for member in members {
            let nameBytes = Array(member.name.utf8)
            let offset = output.count
            guard member.bytes.count < 0xFFFF_FFFF, offset < 0xFFFF_FFFF, nameBytes.count <= 0xFFFF else {
                throw DataError(
                    .tooLarge, file: name, "\(name): the member \"\(member.name)\" would make a zip archive over 4 GB, which needs zip64")
            }
            let crc = Gzip.crc32(member.bytes)
            let size = UInt32(member.bytes.count)
            // Local file header.
            output.appendLittleEndian(UInt32(0x0403_4B50))
            output.appendFields(crc: crc, size: size, nameLength: nameBytes.count)
            output.appendLittleEndian(UInt16(0))  // extra field length
            output += nameBytes
            output += member.bytes
            // Central directory entry.
            directory.appendLittleEndian(UInt32(0x0201_4B50))
            directory.appendLittleEndian(UInt16(20))  // made by: MS-DOS, version 2.0
            directory.appendFields(crc: crc, size: size, nameLength: nameBytes.count)
            for _ in 0..<4 { directory.appendLittleEndian(UInt16(0)) }  // extra, comment, disk, internal attributes
            directory.appendLittleEndian(UInt32(0))  // external attributes
            directory.appendLittleEndian(UInt32(offset))
            directory += nameBytes
        }
        guard output.count + directory.count < 0xFFFF_FFFF, members.count < 0xFFFF else {
            throw DataError(.tooLarge, file: name, "\(name): the zip archive would be over 4 GB, which needs zip64")
        }
        let directoryOffset = output.count
        output += directory
        output.appendLittleEndian(UInt32(0x0605_4B50))
        output.appendLittleEndian(UInt16(0))  // this disk
        output.appendLittleEndian(UInt16(0))  // the disk of the directory
        output.appendLittleEndian(UInt16(members.count))
        output.appendLittleEndian(UInt16(members.count))
        output.appendLittleEndian(UInt32(directory.count))
        output.appendLittleEndian(UInt32(directoryOffset))
        output.appendLittleEndian(UInt16(0))  // comment length
        return output
    }
}

extension Array where Element == UInt8 {
    fileprivate mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// The fields local headers and directory entries share, from "version needed" to the
    /// name's length: stored, no flags, 1980-01-01 00:00.
    fileprivate mutating func appendFields(crc: UInt32, size: UInt32, nameLength: Int) {
        appendLittleEndian(UInt16(20))  // version needed to extract: 2.0
        appendLittleEndian(UInt16(0))  // flags
        appendLittleEndian(UInt16(0))  // method: stored
        appendLittleEndian(UInt16(0))  // time 00:00
        appendLittleEndian(UInt16(0x21))  // date 1980-01-01
        appendLittleEndian(crc)
        appendLittleEndian(size)  // compressed
        appendLittleEndian(size)  // uncompressed
        appendLittleEndian(UInt16(nameLength))
    }
}
