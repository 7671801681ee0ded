/// CRC-32C (Castagnoli), the checksum TFRecord framing uses, and its "masked" form.
///
/// The polynomial is 0x1EDC6F41, processed bit-reflected (0x82F63B78), starting from all ones
/// and inverted at the end, as iSCSI and SSE 4.2's `crc32` instruction compute it. A table of
/// 256 entries handles a byte per step: the event files are small, so this is plenty fast.
enum CRC32C {
    /// The checksum of `bytes`.
    static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }

    /// TFRecord's masked checksum: rotated right by 15 bits plus a constant, so that a CRC of
    /// data that itself holds CRCs does not degenerate.
    static func masked<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var entry = UInt32(index)
        for _ in 0..<8 {
            entry = entry & 1 == 1 ? (entry >> 1) ^ 0x82F6_3B78 : entry >> 1
        }
        return entry
    }
}
