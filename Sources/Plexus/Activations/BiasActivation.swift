// The end of every fused layer (Dense, Conv2D): add the bias to each row of the product, apply
// the activation, and keep only what the backward pass needs. Done in place, in one pass where it
// can, because on a convolution's output ([batch*positions, filters], megabytes) every extra pass
// and every fresh tensor shows in the epoch time.

extension Activation {
    /// Whether ``inputGradient(_:input:output:)`` needs only the output, so the input need not be kept.
    var gradientNeedsOnlyOutput: Bool {
        switch self {
        // A negative slope maps negative inputs to positive outputs: the sign of z is lost.
        case .leakyRelu(let slope): return slope >= 0
        default: return true
        }
    }

    /// Turns `z` ([rows, units], a layer's product) into `activation(z + bias)` with `bias` of
    /// [units] added to each row, in z's own storage when the activation allows.
    ///
    /// - Returns: z + bias when the gradient needs it and the activation could not keep it.
    func applyWithBias(_ bias: Tensor?, to z: inout Tensor) -> Tensor? {
        let rectify = self == .relu
        if rectify || bias != nil {
            let units = z.shape.last ?? 1, rows = z.count / Swift.max(units, 1)
            z.withUnsafeMutableBufferPointer { zBuffer in
                let base = zBuffer.baseAddress!
                func addToBlocks(_ b: UnsafePointer<Float>?) {
                    forEachRowBlock(rows: rows, units: units, summing: false) { block, _ in
                        addBias(b, toRows: base + block.lowerBound * units, count: block.count, units: units, rectify: rectify)
                    }
                }
                if let bias { bias.withUnsafeBufferPointer { addToBlocks($0.baseAddress!) } } else { addToBlocks(nil) }
            }
        }
        switch self {
        case .linear, .relu:
            return nil
        case .sigmoid, .tanh:
            let kernel = self == .sigmoid ? CPUKernels.unary.sigmoid : CPUKernels.unary.tanh
            z.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, $0.baseAddress!, $0.count) }
            return nil
        case .leakyRelu(let slope) where gradientNeedsOnlyOutput:
            z.updateElements { $0 > 0 ? $0 : slope * $0 }
            return nil
        default:
            let input = z
            z = value(input)
            return input
        }
    }
}

extension Activation {
    /// Whether ``applyInPlace(bias:to:rows:units:)`` computes this activation.
    var appliesInPlace: Bool {
        switch self {
        case .linear, .relu, .sigmoid, .tanh, .softmax, .logSoftmax: return true
        default: return false
        }
    }

    /// activation(z + bias) on `rows` rows of `units` floats in place, with the same bits as
    /// ``applyWithBias(_:to:)``, keeping nothing for a backward pass: inference on raw rows.
    ///
    /// - Precondition: ``appliesInPlace``.
    func applyInPlace(bias: UnsafePointer<Float>?, to z: UnsafeMutablePointer<Float>, rows: Int, units: Int) {
        addBias(bias, toRows: z, count: rows, units: units, rectify: self == .relu)
        switch self {
        case .linear, .relu: break
        case .sigmoid: CPUKernels.unary.sigmoid(z, z, rows * units)
        case .tanh: CPUKernels.unary.tanh(z, z, rows * units)
        case .softmax: softmaxRows(UnsafePointer(z), into: z, rows: rows, width: units, logarithm: false)
        case .logSoftmax: softmaxRows(UnsafePointer(z), into: z, rows: rows, width: units, logarithm: true)
        default: require(false, "applyInPlace does not compute \(self)")
        }
    }
}

extension Activation {
    /// The backward pass of ``applyWithBias(_:to:)``: the gradient with respect to z + bias, from
    /// the gradient of the output, and with `wantsBias` its sum over the rows (the bias
    /// gradient). For ReLU both come out of one pass over the rows, split over the cores.
    ///
    /// - Parameters:
    ///   - input: what ``applyWithBias(_:to:)`` returned (z + bias, when it was kept).
    ///   - output: the activation's output.
    func gradientThroughBias(
        _ gradient: Tensor, input: Tensor?, output: Tensor, wantsBias: Bool
    ) -> (input: Tensor, bias: Tensor?) {
        guard self == .relu else {
            let dz = inputGradient(gradient, input: input, output: output)
            return (dz, wantsBias ? dz.sum(alongAxis: 0) : nil)
        }
        let units = output.shape.last ?? 1, rows = output.count / Swift.max(units, 1)
        var dz = Tensor(uninitializedShape: gradient.shape)
        var db: Tensor?
        dz.withUnsafeMutableBufferPointer { dzBuffer in
            gradient.withUnsafeBufferPointer { gBuffer in
                output.withUnsafeBufferPointer { yBuffer in
                    let (g, y, d) = (gBuffer.baseAddress!, yBuffer.baseAddress!, dzBuffer.baseAddress!)
                    db = forEachRowBlock(rows: rows, units: units, summing: wantsBias) { block, sums in
                        let offset = block.lowerBound * units
                        rectifiedGradientRows(
                            g + offset, output: y + offset, into: d + offset, count: block.count, units: units, sums: sums)
                    }
                }
            }
        }
        return (dz, db)
    }
}

extension Activation {
    /// Whether ``addBias(_:toRows:count:units:rectify:)`` and ``rectifiedGradientRows(_:output:into:count:units:sums:)``
    /// are the whole activation, so that a layer can apply it to a block of rows while the
    /// block is still in cache, and keeps nothing but the output for the backward pass.
    var isRowWise: Bool { self == .relu || self == .linear }
}

/// Adds `bias` (nil: zeros) to `count` rows of `units` floats, then with `rectify` takes max(·, 0):
/// ReLU joins the bias pass, one read and one write of the rows instead of two.
@inline(__always)
func addBias(
    _ bias: UnsafePointer<Float>?, toRows z: UnsafeMutablePointer<Float>, count: Int, units: Int, rectify: Bool
) {
    guard let bias else {
        if rectify { for i in 0..<(count * units) { z[i] = Swift.max(z[i], 0) } }
        return
    }
    for row in 0..<count {
        let zRow = z + row * units
        if rectify {
            for j in 0..<units { zRow[j] = Swift.max(zRow[j] + bias[j], 0) }
        } else {
            for j in 0..<units { zRow[j] += bias[j] }
        }
    }
}

/// ReLU's backward pass over `count` rows of `units`: d = g where the output y > 0, else 0
/// (y > 0 exactly where z > 0), and with `sums` each column of d added into `sums[j]`.
@inline(__always)
func rectifiedGradientRows(
    _ g: UnsafePointer<Float>, output y: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, count: Int,
    units: Int, sums: UnsafeMutablePointer<Float>?
) {
    let vectorUnits = units - units % 8
    for row in 0..<count {
        let offset = row * units
        // The select is written with vectors because Swift leaves the scalar form as a branch.
        for j in stride(from: 0, to: vectorUnits, by: 8) {
            let kept = SIMD8<Float>().replacing(
                with: SIMD8(loading: g + offset + j), where: SIMD8(loading: y + offset + j) .> 0)
            kept.store(to: d + offset + j)
            if let sums { (SIMD8(loading: sums + j) + kept).store(to: sums + j) }
        }
        for j in vectorUnits..<units {
            let kept = y[offset + j] > 0 ? g[offset + j] : 0
            d[offset + j] = kept
            sums?[j] += kept
        }
    }
}

/// Runs `body` over blocks of `0..<rows` of a [rows, units] matrix, split over the cores when it
/// is large; with `sums`, hands each block a zeroed row of `units` partial sums and returns
/// their total, as a [units] tensor.
@discardableResult
private func forEachRowBlock(
    rows: Int, units: Int, summing sums: Bool, _ body: (Range<Int>, UnsafeMutablePointer<Float>?) -> Void
) -> Tensor? {
    let parts = rows * units >= 1 << 16 ? Swift.min(rows, MatmulBackend.defaultThreadCount) : 1
    var partials = [Float](repeating: 0, count: sums ? parts * units : 0)
    partials.withUnsafeMutableBufferPointer { partialBuffer in
        let base = partialBuffer.baseAddress
        parallelFor(parts) { part in
            body(partRange(part, of: parts, covering: rows), sums ? base! + part * units : nil)
        }
    }
    guard sums else { return nil }
    var total = Tensor.zeros([units])
    total.withUnsafeMutableBufferPointer { totalBuffer in
        for part in 0..<parts {
            for j in 0..<units { totalBuffer[j] += partials[part * units + j] }
        }
    }
    return total
}
