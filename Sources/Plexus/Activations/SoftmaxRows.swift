import Foundation

// Softmax and log-softmax along the last axis, with their gradients: row loops over raw
// buffers, the exponentials done by the vectorised kernel.

/// Softmax (or log-softmax) of each row of the last axis. Subtracting the row's maximum first
/// keeps every exponential in (0, 1], so inputs as large as 1e4 give finite, exact results.
func softmaxRows(_ z: Tensor, logarithm: Bool) -> Tensor {
    require(z.rank >= 1, "softmax needs at least one axis, got a scalar")
    let width = z.shape[z.rank - 1]
    let rows = width == 0 ? 0 : z.count / width
    let result = Tensor(uninitializedShape: z.shape)
    softmaxRows(UnsafePointer(z.storage.base), into: result.storage.base, rows: rows, width: width, logarithm: logarithm)
    return result
}

/// Softmax (or log-softmax) of `rows` rows of `width` floats from `source` into `destination`,
/// which may be the same memory (each element is read before it is written).
func softmaxRows(
    _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, rows: Int, width: Int, logarithm: Bool
) {
    let exp = CPUKernels.unary.exp
    for row in 0..<rows {
        let x = source + row * width, y = destination + row * width
        var maximum = -Float.infinity
        for j in 0..<width { maximum = Swift.max(maximum, x[j]) }
        if maximum == -.infinity { maximum = 0 }  // a row of -inf: keep NaN out of x - max
        for j in 0..<width { y[j] = x[j] - maximum }
        if logarithm {
            // log softmax = (z - max) - log(sum e^(z - max)); exponentials into scratch.
            let sum = withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { scratch in
                exp(y, scratch.baseAddress, width)
                var total: Float = 0
                for j in 0..<width { total += scratch[j] }
                return total
            }
            let logSum = Foundation.log(sum)
            for j in 0..<width { y[j] -= logSum }
        } else {
            exp(y, y, width)
            var total: Float = 0
            for j in 0..<width { total += y[j] }
            let scale = 1 / total
            for j in 0..<width { y[j] *= scale }
        }
    }
}

/// The gradient with respect to the input of softmax (or log-softmax) along the last axis,
/// given the gradient `gradient` with respect to its output `output`.
/// softmax: dz_i = y_i (g_i - sum_j g_j y_j); log-softmax: dz_i = g_i - e^(y_i) sum_j g_j.
func softmaxRowsGradient(_ gradient: Tensor, output: Tensor, logarithm: Bool) -> Tensor {
    require(
        gradient.shape == output.shape,
        "softmax gradient of shape \(gradient.shape) for an output of shape \(output.shape)")
    let width = output.shape.last ?? 1
    let rows = width == 0 ? 0 : output.count / width
    let result = Tensor(uninitializedShape: output.shape)
    let g = UnsafePointer(gradient.storage.base), y = UnsafePointer(output.storage.base)
    let dz = result.storage.base
    for row in 0..<rows {
        let offset = row * width
        if logarithm {
            var total: Float = 0
            for j in 0..<width { total += g[offset + j] }
            for j in 0..<width { dz[offset + j] = g[offset + j] - Foundation.exp(y[offset + j]) * total }
        } else {
            var dot: Float = 0
            for j in 0..<width { dot += g[offset + j] * y[offset + j] }
            for j in 0..<width { dz[offset + j] = y[offset + j] * (g[offset + j] - dot) }
        }
    }
    return result
}
