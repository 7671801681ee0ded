import Foundation

/// Constants and row kernels shared by the built-in losses. Each kernel handles one row of
/// `width` class scores; the caller adds the label's part.
enum LossMath {
    /// Keras's fuzz factor, `keras.config.epsilon()`: probabilities are clipped to
    /// `[probabilityFloor, probabilityCeiling]` before their logarithm is taken.
    static let probabilityFloor: Float = 1e-7
    static let probabilityCeiling: Float = 1 - 1e-7

    /// For one row of logits `z`: returns `logsumexp(z)` (computed with the maximum subtracted,
    /// so it is finite for any finite logits) and `1 / sum(exp(z - max))`; when `exponentials`
    /// is given, writes `exp(z - max)` there (softmax is that times the returned reciprocal).
    @inline(__always)
    static func logSumExp(
        _ z: UnsafePointer<Float>, width: Int, exponentials: UnsafeMutablePointer<Float>?
    ) -> (logSumExp: Float, inverseSum: Float) {
        var largest = -Float.infinity
        for j in 0..<width { largest = Swift.max(largest, z[j]) }
        var sum: Float = 0
        if let exponentials {
            for j in 0..<width {
                let e = Foundation.exp(z[j] - largest)
                exponentials[j] = e
                sum += e
            }
        } else {
            for j in 0..<width { sum += Foundation.exp(z[j] - largest) }
        }
        return (largest + Foundation.log(sum), 1 / sum)
    }

    /// A probability clipped to Keras's `[1e-7, 1 - 1e-7]`.
    @inline(__always)
    static func clippedProbability(_ p: Float) -> Float {
        Swift.min(Swift.max(p, probabilityFloor), probabilityCeiling)
    }

    /// Whether the clip leaves `p` as it is (and so passes its gradient).
    @inline(__always)
    static func isInsideClip(_ p: Float) -> Bool {
        p >= probabilityFloor && p <= probabilityCeiling
    }

    /// A number as a label reads: `12` for a whole number, `2.5` otherwise.
    static func describeLabel(_ value: Float) -> String {
        if value.isFinite, value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
