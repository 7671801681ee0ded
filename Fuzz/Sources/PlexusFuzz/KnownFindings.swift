/// Inputs that only repeat a finding already recorded in Fuzz/Regressions, skipped when
/// PLEXUS_FUZZ_SKIP_KNOWN=1 so that a long run explores past it instead of stopping (or, in
/// fork mode, spending every job on it). CI never sets it: there a known crash must fail.
enum KnownFindings {
    /// The largest size a gzip trailer or zip size field may claim before the input is skipped.
    static let claimLimit = 1 << 20

    /// Whether `bytes` carry a size field that today's inflater turns into an allocation
    /// (Fuzz/Regressions/gzip, idx, npz): a gzip trailer, or a zip header's uncompressed size.
    static func claimsHugeInflation(_ bytes: [UInt8]) -> Bool {
        func uint32(_ offset: Int) -> Int {
            guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
            return (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        // The trailer is read whatever the first bytes are (zlib itself checks the magic later).
        if bytes.count >= 18, uint32(bytes.count - 4) > claimLimit { return true }
        guard bytes.count >= 30 else { return false }
        for offset in 0..<(bytes.count - 3) where bytes[offset] == 0x50 && bytes[offset + 1] == 0x4B {
            // Local header (PK 3 4): uncompressed size at 22; central directory (PK 1 2): at 24.
            if bytes[offset + 2] == 3, bytes[offset + 3] == 4, uint32(offset + 22) > claimLimit { return true }
            if bytes[offset + 2] == 1, bytes[offset + 3] == 2, uint32(offset + 24) > claimLimit { return true }
        }
        return false
    }
}
