// The loops of the normalization layers, on a [rows, channels] view of their input (every axis
// but the last folded into rows). BatchNormalization reduces down the columns (one statistic per
// channel, over all rows); LayerNormalization along each row.
//
// Column sums run over blocks of at most 64 rows in Float (contiguous, so the loops vectorize),
// each block's sums then added into Double totals: a batch of 10^6 rows loses no precision, and
// the statistics stay as exact as Keras's (float32 throughout) or better.

/// Per-channel sums over the rows of a [rows, channels] matrix, split over the cores when large.
enum ColumnSums {
    /// Rows summed in Float before their sums join the Double totals.
    static let blockRows = 64

    /// Calls `body` on consecutive blocks of at most ``blockRows`` rows, handing each a zeroed
    /// row of `channels * width` Float sums to add its rows into, and returns the total over
    /// all blocks (`width` sums per channel, side by side: `[s0 of each channel, s1 of each
    /// channel, ...]`).
    static func accumulate(
        rows: Int, channels: Int, width: Int = 1, _ body: (Range<Int>, UnsafeMutablePointer<Float>) -> Void
    ) -> [Double] {
        let parts = partCount(rows: rows, channels: channels)
        let size = channels * width
        var partials = [Double](repeating: 0, count: parts * size)
        partials.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            parallelFor(parts) { part in
                let totals = base + part * size
                let sums = UnsafeMutablePointer<Float>.allocate(capacity: size)
                defer { sums.deallocate() }
                let own = partRange(part, of: parts, covering: rows)
                var start = own.lowerBound
                while start < own.upperBound {
                    let stop = Swift.min(start + blockRows, own.upperBound)
                    sums.initialize(repeating: 0, count: size)
                    body(start..<stop, sums)
                    for j in 0..<size { totals[j] += Double(sums[j]) }
                    start = stop
                }
            }
        }
        var total = [Double](repeating: 0, count: size)
        for part in 0..<parts {
            for j in 0..<size { total[j] += partials[part * size + j] }
        }
        return total
    }

    /// Runs `body` over blocks of rows, split over the cores when large (for element-wise passes).
    static func forEachBlock(rows: Int, channels: Int, _ body: (Range<Int>) -> Void) {
        let parts = partCount(rows: rows, channels: channels)
        parallelFor(parts) { part in body(partRange(part, of: parts, covering: rows)) }
    }

    /// One part per core for a large matrix, one for a small one.
    private static func partCount(rows: Int, channels: Int) -> Int {
        rows * channels >= 1 << 16 ? Swift.min(rows, MatmulBackend.defaultThreadCount) : 1
    }
}

/// The statistics of a batch normalization over the rows, per channel.
struct ChannelMoments {
    /// The mean of each channel over the rows.
    var mean: [Float]
    /// The biased variance, mean((x - mean)^2), as `tf.nn.moments` defines it.
    var variance: [Float]

    /// The moments of `x`, read as [rows, channels], in one pass over it: the sums of
    /// `d = x - k` and `d^2`, shifted by the first row `k` so that a large mean does not
    /// cancel the variance away (mean = k + S1/n, variance = S2/n - (S1/n)^2).
    init(_ x: Tensor, channels: Int) {
        let rows = x.count / channels
        let (shift, sums) = x.withUnsafeBufferPointer { buffer -> ([Float], [Double]) in
            let base = buffer.baseAddress!
            let shift = Array(UnsafeBufferPointer(start: base, count: channels))
            let sums = shift.withUnsafeBufferPointer { shiftBuffer in
                let k = shiftBuffer.baseAddress!
                return ColumnSums.accumulate(rows: rows, channels: channels, width: 2) { block, sums in
                    let squares = sums + channels
                    let lanes = channels - channels % 8
                    for row in block {
                        let line = base + row * channels
                        for j in stride(from: 0, to: lanes, by: 8) {
                            let d = SIMD8(loading: line + j) - SIMD8(loading: k + j)
                            (SIMD8(loading: sums + j) + d).store(to: sums + j)
                            (SIMD8(loading: squares + j) + d * d).store(to: squares + j)
                        }
                        for j in lanes..<channels {
                            let d = line[j] - k[j]
                            sums[j] += d
                            squares[j] += d * d
                        }
                    }
                }
            }
            return (shift, sums)
        }
        let count = Double(rows)
        var mean = [Float](repeating: 0, count: channels), variance = [Float](repeating: 0, count: channels)
        for j in 0..<channels {
            let offset = sums[j] / count
            mean[j] = Float(Double(shift[j]) + offset)
            variance[j] = Float(Swift.max(sums[channels + j] / count - offset * offset, 0))
        }
        self.mean = mean
        self.variance = variance
    }
}

/// `y = x * scale + shift` per channel on a [rows, channels] view: the affine map every
/// normalization ends with once its statistics are known.
func applyChannelAffine(_ x: Tensor, scale: [Float], shift: [Float]) -> Tensor {
    let channels = scale.count, rows = x.count / channels
    var y = Tensor(uninitializedShape: x.shape)
    y.withUnsafeMutableBufferPointer { yBuffer in
        x.withUnsafeBufferPointer { xBuffer in
            scale.withUnsafeBufferPointer { scaleBuffer in
                shift.withUnsafeBufferPointer { shiftBuffer in
                    let (xs, ys) = (xBuffer.baseAddress!, yBuffer.baseAddress!)
                    let (a, b) = (scaleBuffer.baseAddress!, shiftBuffer.baseAddress!)
                    let lanes = channels - channels % 8
                    ColumnSums.forEachBlock(rows: rows, channels: channels) { block in
                        for row in block {
                            let (x, y) = (xs + row * channels, ys + row * channels)
                            for j in stride(from: 0, to: lanes, by: 8) {
                                (SIMD8(loading: x + j) * SIMD8(loading: a + j) + SIMD8(loading: b + j)).store(to: y + j)
                            }
                            for j in lanes..<channels { y[j] = x[j] * a[j] + b[j] }
                        }
                    }
                }
            }
        }
    }
    return y
}

/// The gradient of `gamma * xhat + beta` with respect to gamma and beta, per channel, where
/// `xhat = (x - center) * inverse` per channel: sum(dy * xhat) and sum(dy) over the rows.
func channelAffineGradients(
    _ gradient: Tensor, input x: Tensor, center: [Float], inverse: [Float]
) -> (dyTimesXhat: [Double], dy: [Double]) {
    let channels = center.count, rows = x.count / channels
    let sums = gradient.withUnsafeBufferPointer { gBuffer in
        x.withUnsafeBufferPointer { xBuffer in
            center.withUnsafeBufferPointer { centerBuffer in
                inverse.withUnsafeBufferPointer { inverseBuffer in
                    let (g, xs) = (gBuffer.baseAddress!, xBuffer.baseAddress!)
                    let (m, s) = (centerBuffer.baseAddress!, inverseBuffer.baseAddress!)
                    return ColumnSums.accumulate(rows: rows, channels: channels, width: 2) { block, sums in
                        let dySums = sums + channels, lanes = channels - channels % 8
                        for row in block {
                            let (dy, x) = (g + row * channels, xs + row * channels)
                            for j in stride(from: 0, to: lanes, by: 8) {
                                let gradient = SIMD8(loading: dy + j)
                                let xhat = (SIMD8(loading: x + j) - SIMD8(loading: m + j)) * SIMD8(loading: s + j)
                                (SIMD8(loading: sums + j) + gradient * xhat).store(to: sums + j)
                                (SIMD8(loading: dySums + j) + gradient).store(to: dySums + j)
                            }
                            for j in lanes..<channels {
                                sums[j] += dy[j] * ((x[j] - m[j]) * s[j])
                                dySums[j] += dy[j]
                            }
                        }
                    }
                }
            }
        }
    }
    return (Array(sums[0..<channels]), Array(sums[channels...]))
}
