extension Tensor {
    /// The number of elements in one entry of the first axis (the product of the other dimensions).
    var rowSize: Int { shape.dropFirst().reduce(1, *) }

    /// The entries `range` of the first axis, for example one mini-batch of samples.
    ///
    /// A single copy of one contiguous block of memory.
    ///
    /// ```swift
    /// let x = Tensor([[1, 2], [3, 4], [5, 6]])
    /// x.rows(1..<3)                                  // [[3.0, 4.0], [5.0, 6.0]]
    /// ```
    ///
    /// Differentiable: the gradient is the output's gradient at those rows, zeros elsewhere.
    /// - Precondition: rank is at least 1 and `range` lies within `0...shape[0]`.
    public func rows(_ range: Range<Int>) -> Tensor {
        require(rank >= 1, "rows(_:) needs a tensor of rank at least 1, got shape \(shape)")
        require(
            range.lowerBound >= 0 && range.upperBound <= shape[0],
            "rows \(range) are out of range for shape \(shape)")
        if range.lowerBound == 0 && range.upperBound == shape[0] { return self }
        var newShape = shape
        newShape[0] = range.count
        let result = Tensor(uninitializedShape: newShape)
        let size = rowSize
        if result.count > 0 {
            result.storage.base.update(from: storage.base + range.lowerBound * size, count: result.count)
        }
        guard isTracked else { return result }
        let inputShape = shape
        return result.recorded("rows", inputs: [self]) { g in
            [g.placedAsRows(startingAt: range.lowerBound, into: inputShape)]
        }
    }

    /// The entries of the first axis at `indices`, in that order (indices may repeat).
    ///
    /// ```swift
    /// let x = Tensor([[1, 2], [3, 4], [5, 6]])
    /// x.gatheringRows([2, 0, 2])                     // [[5.0, 6.0], [1.0, 2.0], [5.0, 6.0]]
    /// ```
    ///
    /// Differentiable, as an embedding lookup: the gradient adds each output row's gradient to
    /// the row it came from, so a row gathered several times gets the sum.
    /// - Precondition: rank is at least 1 and every index is in `0..<shape[0]`.
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        require(
            rank >= 1, "gatheringRows(_:) needs a tensor of rank at least 1, got shape \(shape)")
        var newShape = shape
        newShape[0] = indices.count
        let result = Tensor(uninitializedShape: newShape)
        let size = rowSize
        let source = UnsafePointer(storage.base)
        var destination = result.storage.base
        let first = shape[0]
        for index in indices {
            require(
                index >= 0 && index < first,
                "row index \(index) is out of range for shape \(shape)")
            if size > 0 { destination.update(from: source + index * size, count: size) }
            destination += size
        }
        guard isTracked else { return result }
        let inputShape = shape
        return result.recorded("gather_rows", inputs: [self]) { g in
            [g.scatterAddingRows(indices, into: inputShape)]
        }
    }

    /// The tensors joined along `axis` (negative counts from the end).
    ///
    /// All tensors must have the same rank and the same dimensions except along `axis`.
    ///
    /// ```swift
    /// let a = Tensor([[1, 2]]), b = Tensor([[3, 4]])
    /// Tensor.concatenate([a, b], alongAxis: 0)       // [[1.0, 2.0], [3.0, 4.0]]
    /// Tensor.concatenate([a, b], alongAxis: 1)       // [[1.0, 2.0, 3.0, 4.0]]
    /// ```
    ///
    /// Differentiable with respect to every tensor: each gets its own piece of the gradient.
    /// - Precondition: `tensors` is not empty, and the shapes fit.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        require(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        require(first.rank >= 1, "cannot concatenate scalars (shape [])")
        let resolved = first.normalizedAxis(axis)
        var newShape = first.shape
        newShape[resolved] = 0
        for tensor in tensors {
            var fits = tensor.rank == first.rank
            if fits {
                for k in 0..<first.rank where k != resolved && tensor.shape[k] != first.shape[k] {
                    fits = false
                }
            }
            require(
                fits,
                "cannot concatenate shapes \(first.shape) and \(tensor.shape) along axis \(axis)")
            newShape[resolved] += tensor.shape[resolved]
        }
        let result = Tensor(uninitializedShape: newShape)
        let outer = first.shape[..<resolved].reduce(1, *)
        let inner = first.shape[(resolved + 1)...].reduce(1, *)
        var destination = result.storage.base
        for o in 0..<outer {  // an empty result has only empty blocks
            for tensor in tensors {
                let block = tensor.shape[resolved] * inner
                if block > 0 {
                    destination.update(from: tensor.storage.base + o * block, count: block)
                    destination += block
                }
            }
        }
        guard tensors.contains(where: \.isTracked) else { return result }
        let sizes = tensors.map { $0.shape[resolved] }, wanted = tensors.map(\.isTracked)
        return result.recorded("concatenate", inputs: tensors) { g in
            g.pieces(alongAxis: resolved, sizes: sizes, wanted: wanted)
        }
    }
}
