@testable import Plexus

/// An obviously correct product, accumulated in Double, to check the fast kernels against.
func referenceProduct(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool
) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0
            for p in 0..<k {
                let x = transposeA ? a[p * m + i] : a[i * k + p]
                let y = transposeB ? b[j * k + p] : b[p * n + j]
                sum += Double(x) * Double(y)
            }
            c[i * n + j] = Float(sum)
        }
    }
    return c
}

/// Random values in [-1, 1) from a small fixed generator, independent of the library's own.
func testValues(_ count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Float(state >> 40) / Float(1 << 24) * 2 - 1
    }
}

/// The largest difference between two products, relative to the size of the terms (k).
func maxScaledError(_ x: [Float], _ y: [Float], k: Int) -> Float {
    zip(x, y).map { abs($0 - $1) }.max().map { $0 / Float(max(k, 1)).squareRoot() } ?? 0
}
