import Foundation

/// The random number generator of Plexus: xoshiro256** seeded through splitmix64.
///
/// The same seed gives the same sequence on every platform and every Swift version, so
/// initial weights, shuffles and dropout masks can be reproduced bit for bit. Every random
/// draw in Plexus goes through a `RandomGenerator` passed `inout`, never through global state.
///
/// ```swift
/// var generator = RandomGenerator(seed: 42)
/// let weights = Tensor.uniform([3, 2], low: -0.1, high: 0.1, using: &generator)
/// let order = generator.permutation(5)      // e.g. [3, 0, 4, 1, 2]
/// ```
///
/// It also conforms to `RandomNumberGenerator`, so the standard library's
/// `Int.random(in:using:)` accepts it; those algorithms belong to the standard library,
/// so prefer the methods here where reproducibility across Swift versions matters.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Equatable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    /// The second value of the last Box–Muller pair, not yet returned by `nextNormal()`.
    @usableFromInline var spareNormal: Float?

    /// A generator whose state is four outputs of splitmix64 started at `seed`.
    ///
    /// Every seed, including 0, gives a valid (nonzero) state.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
        spareNormal = nil
    }

    /// The next 64 random bits (one step of xoshiro256**).
    @inlinable public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    @inlinable func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// A uniform `Float` in `[0, 1)`, from the top 24 bits of ``next()``: a multiple of 2^-24.
    @inlinable public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in `[0, 1)` with 53 random bits.
    @inlinable mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A sample of the standard normal distribution (mean 0, standard deviation 1).
    ///
    /// Box–Muller on two of this generator's uniforms, computed in `Double`; the two values of
    /// each pair are returned by consecutive calls. The radius uses `1 - u`, which lies in
    /// `(0, 1]`, so the logarithm never sees 0 and every result is finite.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = 1 - nextDouble()  // (0, 1]
        let u2 = nextDouble()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = Float(radius * Foundation.sin(angle))
        return Float(radius * Foundation.cos(angle))
    }

    /// A uniform integer in `0..<bound`, without bias (Lemire's multiply-and-reject method).
    ///
    /// - Precondition: `bound > 0`.
    public mutating func nextInt(below bound: Int) -> Int {
        require(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range  // 2^64 mod range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place (Fisher–Yates, with ``nextInt(below:)``).
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        var i = array.count - 1
        while i > 0 {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    /// A random ordering of `0..<n`.
    ///
    /// ```swift
    /// var generator = RandomGenerator(seed: 1)
    /// let order = generator.permutation(4)     // the four indices 0...3 in some order
    /// ```
    ///
    /// - Precondition: `n >= 0`.
    public mutating func permutation(_ n: Int) -> [Int] {
        require(n >= 0, "a permutation needs a size of at least 0, got \(n)")
        var result = Array(0..<n)
        shuffle(&result)
        return result
    }
}

extension RandomGenerator: Codable {
    private enum CodingKeys: String, CodingKey {
        case state
        case spareNormal
    }

    /// The four state words as hexadecimal strings (JSON numbers cannot hold every UInt64
    /// exactly), and the pending normal value, so a generator can be saved and resumed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([s0, s1, s2, s3].map { String($0, radix: 16) }, forKey: .state)
        try container.encodeIfPresent(spareNormal, forKey: .spareNormal)
    }

    /// Restores a generator saved with ``encode(to:)``, refusing an all-zero state (it would
    /// only ever give zeros).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([String].self, forKey: .state).compactMap { UInt64($0, radix: 16) }
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "a generator state is four nonzero hexadecimal words")
        }
        self.init(seed: 0)
        (s0, s1, s2, s3) = (words[0], words[1], words[2], words[3])
        spareNormal = try container.decodeIfPresent(Float.self, forKey: .spareNormal)
    }
}
