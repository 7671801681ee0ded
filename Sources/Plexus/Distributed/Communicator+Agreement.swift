extension Communicator {
    /// Whether every rank holds the same values of `parameters`, bit for bit, and rank 0's
    /// digest of them (FNV-1a over the values' bit patterns): a check, after data-parallel
    /// training, that the ranks did not drift apart. Every rank must call it.
    public func valuesAgree(of parameters: [Parameter]) -> (agree: Bool, digest: UInt64) {
        let digest = Self.digest(of: parameters)
        // Rank 0's digest travels as four 16-bit pieces, each exact in a Float.
        var pieces = (0..<4).map { Float((digest >> (16 * UInt64($0))) & 0xFFFF) }
        broadcast(&pieces, from: 0)
        let leaders = pieces.enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (16 * UInt64($1.offset))) }
        var mismatches: [Double] = [leaders == digest ? 0 : 1]
        allReduceSum(&mismatches)
        return (mismatches[0] == 0, leaders)
    }

    /// FNV-1a, 64 bits, of the parameters' values in order.
    static func digest(of parameters: [Parameter]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for parameter in parameters {
            parameter.value.withUnsafeBufferPointer { values in
                for value in values {
                    var bits = value.bitPattern
                    for _ in 0..<4 {
                        hash = (hash ^ UInt64(bits & 0xFF)) &* 0x0000_0100_0000_01B3
                        bits >>= 8
                    }
                }
            }
        }
        return hash
    }
}
