// The loops of the normalization layers, on a [rows, channels] view of their input (every axis
// but the last folded into rows). BatchNormalization reduces down the columns (one statistic per
// channel, over all rows); LayerNormalization along each row. Sums are accumulated in Double,
// so that a batch of 10^6 rows loses no precision: the statistics are as exact as Keras's or
// better, and the difference from Keras stays far below the fixtures' 1e-5.

/// Per-channel sums over the rows of a [rows, channels] matrix, split over the cores when large.
enum ColumnSums {
    /// Runs `body` over blocks of rows, handing each block a zeroed row of `channels * width`
    /// Double partial sums, and returns their total (`width` sums per channel, side by side:
    /// `[s0 of channel 0..., s1 of channel 0..., ...]`).
    static func accumulate(
        rows: Int, channels: Int, width: Int = 1, _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void
    ) -> [Double] {
        let parts = rows * channels >= 1 << 16 ? Swift.min(rows, MatmulBackend.defaultThreadCount) : 1
        let size = channels * width
        var partials = [Double](repeating: 0, count: parts * size)
        partials.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            parallelFor(parts) { part in
                body((part * rows / parts)..<((part + 1) * rows / parts), base + part * size)
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
        let parts = rows * channels >= 1 << 16 ? Swift.min(rows, MatmulBackend.defaultThreadCount) : 1
        parallelFor(parts) { part in body((part * rows / parts)..<((part + 1) * rows / parts)) }
    }
}

/// The statistics of a batch normalization over the rows, per channel.
struct ChannelMoments {
    /// The mean of each channel over the rows.
    var mean: [Float]
    /// The biased variance, mean((x - mean)^2), as `tf.nn.moments` computes it (two passes).
    var variance: [Float]

    /// The moments of `x`, read as [rows, channels].
    init(_ x: Tensor, channels: Int) {
        let rows = x.count / channels
        let (mean, variance) = x.withUnsafeBufferPointer { buffer -> ([Double], [Double]) in
            let base = buffer.baseAddress!
            let sums = ColumnSums.accumulate(rows: rows, channels: channels) { block, partial in
                for row in block {
                    let line = base + row * channels
                    for j in 0..<channels { partial[j] += Double(line[j]) }
                }
            }
            let mean = sums.map { $0 / Double(rows) }
            let squares = mean.withUnsafeBufferPointer { meanBuffer in
                let m = meanBuffer.baseAddress!
                return ColumnSums.accumulate(rows: rows, channels: channels) { block, partial in
                    for row in block {
                        let line = base + row * channels
                        for j in 0..<channels {
                            let deviation = Double(line[j]) - m[j]
                            partial[j] += deviation * deviation
                        }
                    }
                }
            }
            return (mean, squares.map { $0 / Double(rows) })
        }
        self.mean = mean.map { Float($0) }
        self.variance = variance.map { Float($0) }
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
                    ColumnSums.forEachBlock(rows: rows, channels: channels) { block in
                        for row in block {
                            let offset = row * channels
                            for j in 0..<channels { ys[offset + j] = xs[offset + j] * a[j] + b[j] }
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
                    return ColumnSums.accumulate(rows: rows, channels: channels, width: 2) { block, partial in
                        for row in block {
                            let offset = row * channels
                            for j in 0..<channels {
                                let dy = g[offset + j]
                                partial[j] += Double(dy * ((xs[offset + j] - m[j]) * s[j]))
                                partial[channels + j] += Double(dy)
                            }
                        }
                    }
                }
            }
        }
    }
    return (Array(sums[0..<channels]), Array(sums[channels...]))
}
