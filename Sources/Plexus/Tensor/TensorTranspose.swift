extension Tensor {
    /// The transpose of a matrix: element `[i, j]` of the result is element `[j, i]` of `self`.
    ///
    /// ```swift
    /// Tensor([[1, 2, 3], [4, 5, 6]]).transposed()   // [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    /// ```
    ///
    /// Differentiable: the gradient is the output's gradient transposed.
    /// - Precondition: the tensor has rank 2.
    public func transposed() -> Tensor {
        require(rank == 2, "transposed() needs a matrix (rank 2), got shape \(shape)")
        let rows = shape[0]
        let columns = shape[1]
        let result = Tensor(uninitializedShape: [columns, rows])
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        // Tiles of 32 x 32 keep the lines read and written in cache; within a tile each output
        // row is written contiguously from a strided column of the input (measured faster than
        // the other way round).
        let tile = 32
        var i0 = 0
        while i0 < rows {
            let i1 = Swift.min(i0 + tile, rows)
            var j0 = 0
            while j0 < columns {
                let j1 = Swift.min(j0 + tile, columns)
                for j in j0..<j1 {
                    let output = destination + j * rows
                    var input = source + (i0 * columns + j)
                    for i in i0..<i1 {
                        output[i] = input.pointee
                        input += columns
                    }
                }
                j0 = j1
            }
            i0 = i1
        }
        guard isTracked else { return result }
        return result.recorded("transpose", inputs: [self]) { g in [g.transposed()] }
    }

    /// The tensor with its axes reordered: axis `k` of the result is axis `axes[k]` of `self`.
    ///
    /// ```swift
    /// let x = Tensor.zeros([2, 3, 4])
    /// x.permuted([2, 0, 1]).shape                    // [4, 2, 3]
    /// ```
    ///
    /// For a matrix, `permuted([1, 0])` is ``transposed()``.
    ///
    /// Differentiable: the gradient is the output's gradient permuted by the inverse permutation.
    /// - Precondition: `axes` is a permutation of `0..<rank`.
    public func permuted(_ axes: [Int]) -> Tensor {
        require(
            axes.count == rank && axes.sorted() == Array(0..<rank),
            "permuted(\(axes)) needs a permutation of the axes 0..<\(rank) of shape \(shape)")
        if rank == 2 && axes == [1, 0] { return transposed() }
        let result = permutedValues(axes)
        guard isTracked else { return result }
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return result.recorded("permute", inputs: [self]) { g in [g.permuted(inverse)] }
    }

    /// The raw work of ``permuted(_:)``, for a valid permutation.
    func permutedValues(_ axes: [Int]) -> Tensor {
        let newShape = axes.map { shape[$0] }
        let result = Tensor(uninitializedShape: newShape)
        if count == 0 || axes == Array(0..<rank) {
            if count > 0 { result.storage.base.update(from: storage.base, count: count) }
            return result
        }
        // Strides of the source, listed in the result's axis order.
        var sourceStrides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in (0..<rank).reversed() {
            sourceStrides[axis] = step
            step *= shape[axis]
        }
        let strides = axes.map { sourceStrides[$0] }
        let inner = newShape[rank - 1]
        let innerStride = strides[rank - 1]
        let source = UnsafePointer(storage.base)
        var destination = result.storage.base
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        for _ in 0..<(count / inner) {
            for j in 0..<inner { destination[j] = source[offset + j * innerStride] }
            destination += inner
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < newShape[axis] { break }
                offset -= strides[axis] * newShape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
