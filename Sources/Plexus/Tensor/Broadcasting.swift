extension Tensor {
    /// The shape that two shapes broadcast to, following NumPy's rules.
    ///
    /// Shapes are aligned at their last dimension; each pair of dimensions must be equal, or
    /// one of them 1 (it is stretched to the other); missing leading dimensions count as 1.
    ///
    /// ```swift
    /// Tensor.broadcastShape([4, 1, 3], [2, 1])   // [4, 2, 3]
    /// ```
    ///
    /// - Precondition: the shapes are compatible; otherwise the program stops with
    ///   "cannot broadcast shapes [2, 3] and [4]".
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
        if a == b { return a }
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            require(
                da == db || da == 1 || db == 1, "cannot broadcast shapes \(a) and \(b)")
            result[i] = da == 1 ? db : da
        }
        return result
    }

    /// The element strides of a tensor of `shape` seen as `target` (a shape it broadcasts to):
    /// row-major strides, with 0 for every stretched or missing dimension.
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: target.count)
        let offset = target.count - shape.count
        var step = 1
        for i in (0..<shape.count).reversed() {
            if shape[i] != 1 { strides[i + offset] = step }
            step *= shape[i]
        }
        return strides
    }

    /// Whether `suffix`, without its leading 1s, is a trailing part of `shape`.
    static func isTrailingPart(_ suffix: [Int], of shape: [Int]) -> Bool {
        let trimmed = suffix.drop { $0 == 1 }
        return trimmed.count <= shape.count && shape.suffix(trimmed.count).elementsEqual(trimmed)
    }
}

/// Applies `operation` elementwise to `a` and `b` with broadcasting, writing to `output`,
/// which holds `Tensor.broadcastShape(a.shape, b.shape)` elements. `output` may be `a`'s
/// buffer when `a` already has the result's shape (in-place updates).
///
/// Fast paths: same shape, one operand a single value, and one operand repeated along the
/// leading axes of the other ("row vector", [N, C] op [C]); any other case walks strides.
@inline(__always)
func broadcastElementwise(
    _ a: Tensor, _ b: Tensor, resultShape: [Int], into output: UnsafeMutablePointer<Float>,
    _ operation: (Float, Float) -> Float
) {
    let count = resultShape.elementCount
    if count == 0 { return }
    let pa = UnsafePointer(a.storage.base)
    let pb = UnsafePointer(b.storage.base)
    let ca = a.count
    let cb = b.count
    if ca == count && cb == count {
        // Same number of elements as the result: both are laid out like it.
        for i in 0..<count { output[i] = operation(pa[i], pb[i]) }
    } else if cb == 1 {
        let value = pb[0]
        for i in 0..<count { output[i] = operation(pa[i], value) }
    } else if ca == 1 {
        let value = pa[0]
        for i in 0..<count { output[i] = operation(value, pb[i]) }
    } else if ca == count && Tensor.isTrailingPart(b.shape, of: resultShape) {
        var start = 0
        while start < count {
            let row = output + start
            let rowA = pa + start
            for j in 0..<cb { row[j] = operation(rowA[j], pb[j]) }
            start += cb
        }
    } else if cb == count && Tensor.isTrailingPart(a.shape, of: resultShape) {
        var start = 0
        while start < count {
            let row = output + start
            let rowB = pb + start
            for j in 0..<ca { row[j] = operation(pa[j], rowB[j]) }
            start += ca
        }
    } else {
        broadcastByStrides(pa, a.shape, pb, b.shape, resultShape, output, operation)
    }
}

/// The general case of ``broadcastElementwise``: an odometer over all but the last axis of
/// the result, and a strided loop along the last.
@inline(__always)
func broadcastByStrides(
    _ pa: UnsafePointer<Float>, _ shapeA: [Int], _ pb: UnsafePointer<Float>, _ shapeB: [Int],
    _ resultShape: [Int], _ output: UnsafeMutablePointer<Float>,
    _ operation: (Float, Float) -> Float
) {
    let rank = resultShape.count
    let stridesA = Tensor.broadcastStrides(of: shapeA, to: resultShape)
    let stridesB = Tensor.broadcastStrides(of: shapeB, to: resultShape)
    let inner = resultShape[rank - 1]
    let innerA = stridesA[rank - 1]
    let innerB = stridesB[rank - 1]
    let rows = resultShape.elementCount / inner
    var index = [Int](repeating: 0, count: rank)
    var offsetA = 0
    var offsetB = 0
    var out = output
    for _ in 0..<rows {
        if innerA == 1 && innerB == 1 {
            for j in 0..<inner { out[j] = operation(pa[offsetA + j], pb[offsetB + j]) }
        } else if innerA == 0 {
            let value = pa[offsetA]
            for j in 0..<inner { out[j] = operation(value, pb[offsetB + j * innerB]) }
        } else {
            // innerA == 1 and innerB == 0: b is stretched along the last axis.
            let value = pb[offsetB]
            for j in 0..<inner { out[j] = operation(pa[offsetA + j], value) }
        }
        out += inner
        // Advance the odometer over the outer axes.
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            offsetA += stridesA[axis]
            offsetB += stridesB[axis]
            if index[axis] < resultShape[axis] { break }
            offsetA -= stridesA[axis] * resultShape[axis]
            offsetB -= stridesB[axis] * resultShape[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}

extension Tensor {
    /// A new tensor of the broadcast shape of `a` and `b`, with `operation` applied elementwise.
    @inline(__always)
    static func broadcasting(
        _ a: Tensor, _ b: Tensor, _ operation: (Float, Float) -> Float
    ) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape)
        let result = Tensor(uninitializedShape: shape)
        broadcastElementwise(a, b, resultShape: shape, into: result.storage.base, operation)
        return result
    }

    /// Replaces `self` by `operation(self, other)` elementwise, in place when the buffer is not
    /// shared. `other` must broadcast to `self`'s shape.
    @inline(__always)
    mutating func updateBroadcasting(
        with other: Tensor, opName: String, _ operation: (Float, Float) -> Float
    ) {
        checkUpdate(with: other, opName: opName)
        ensureUniqueStorage()
        broadcastElementwise(self, other, resultShape: shape, into: storage.base, operation)
    }

    /// Stops unless `other` broadcasts to `self`'s shape, as an update in place needs.
    @inline(__always)
    func checkUpdate(with other: Tensor, opName: String) {
        let resultShape = Tensor.broadcastShape(shape, other.shape)
        require(
            resultShape == shape,
            "cannot update a tensor of shape \(shape) in place with \(opName) by shape \(other.shape): the result would have shape \(resultShape)"
        )
    }

    /// A new tensor of the same shape with `operation` applied to each element.
    @inline(__always)
    func mapElements(_ operation: (Float) -> Float) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        for i in 0..<count { destination[i] = operation(source[i]) }
        return result
    }

    /// Applies `operation` to each element in place.
    @inline(__always)
    mutating func updateElements(_ operation: (Float) -> Float) {
        ensureUniqueStorage()
        let base = storage.base
        for i in 0..<count { base[i] = operation(base[i]) }
    }

    /// A new tensor with `operation` applied to the elements of `a` and `b` at each position;
    /// the two must have the same shape (no broadcasting: the tight loop of fused gradients).
    @inline(__always)
    static func zipElements(_ a: Tensor, _ b: Tensor, _ operation: (Float, Float) -> Float) -> Tensor {
        require(a.shape == b.shape, "elementwise operation on shapes \(a.shape) and \(b.shape): they must be equal")
        let result = Tensor(uninitializedShape: a.shape)
        let x = UnsafePointer(a.storage.base), y = UnsafePointer(b.storage.base)
        let destination = result.storage.base
        for i in 0..<a.count { destination[i] = operation(x[i], y[i]) }
        return result
    }
}
