// Shape changes that keep the elements in row-major order. All share the buffer and are
// differentiable: the gradient is the output's gradient shaped back as the input.

extension Tensor {
    /// The same elements, in the same row-major order, with a new shape.
    ///
    /// One dimension may be `-1`: it is inferred from the element count. The buffer is shared,
    /// not copied (copy-on-write keeps both values independent).
    ///
    /// ```swift
    /// Tensor.range(6).reshaped([2, -1])             // [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    /// ```
    ///
    /// - Precondition: the new shape holds exactly `count` elements.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        require(
            inferred.count <= 1, "cannot reshape \(shape) to \(newShape): at most one dimension may be -1")
        require(
            newShape.allSatisfy { $0 >= -1 }, "cannot reshape \(shape) to \(newShape): negative dimension")
        if let axis = inferred.first {
            let known = newShape.filter { $0 != -1 }.elementCount
            require(
                known != 0 && count % known == 0,
                "cannot reshape \(shape) (\(count) elements) to \(newShape): no size for the -1 fits")
            resolved[axis] = count / known
        }
        require(
            resolved.elementCount == count,
            "cannot reshape \(shape) (\(count) elements) to \(newShape) (\(resolved.elementCount) elements)")
        return recordedReshape(Tensor(shape: resolved, storage: storage), "reshape")
    }

    /// The same as ``reshaped(_:)``.
    public func reshaped(to newShape: [Int]) -> Tensor {
        reshaped(newShape)
    }

    /// The elements as a vector (rank 1), in row-major order; the buffer is shared.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]).flattened()          // [1.0, 2.0, 3.0, 4.0]
    /// ```
    public func flattened() -> Tensor {
        recordedReshape(Tensor(shape: [count], storage: storage), "flatten")
    }

    /// The tensor without its dimensions of size 1; the buffer is shared.
    ///
    /// ```swift
    /// Tensor.zeros([1, 3, 1]).squeezed().shape       // [3]
    /// ```
    public func squeezed() -> Tensor {
        recordedReshape(Tensor(shape: shape.filter { $0 != 1 }, storage: storage), "squeeze")
    }

    /// The tensor without the dimension `axis`, which must have size 1 (negative counts from
    /// the end); the buffer is shared.
    public func squeezed(at axis: Int) -> Tensor {
        let resolved = normalizedAxis(axis)
        require(
            shape[resolved] == 1, "cannot squeeze axis \(axis) of shape \(shape): its size is not 1")
        var newShape = shape
        newShape.remove(at: resolved)
        return recordedReshape(Tensor(shape: newShape, storage: storage), "squeeze")
    }

    /// The tensor with a new dimension of size 1 inserted at `axis` (`0...rank`; negative
    /// counts from the end, -1 appending); the buffer is shared.
    ///
    /// ```swift
    /// Tensor([1, 2, 3]).expandingShape(at: 0).shape  // [1, 3]
    /// Tensor([1, 2, 3]).expandingShape(at: -1).shape // [3, 1]
    /// ```
    public func expandingShape(at axis: Int) -> Tensor {
        let resolved = axis < 0 ? axis + rank + 1 : axis
        require(
            resolved >= 0 && resolved <= rank,
            "cannot insert an axis at \(axis) into shape \(shape): axis must be in \(-rank - 1)...\(rank)")
        var newShape = shape
        newShape.insert(1, at: resolved)
        return recordedReshape(Tensor(shape: newShape, storage: storage), "expand_dims")
    }

    /// `result`, the elements of `self` with another shape, recorded when `self` is tracked:
    /// its gradient is the output's gradient with `self`'s shape.
    @inline(__always)
    func recordedReshape(_ result: Tensor, _ operation: String) -> Tensor {
        guard isTracked else { return result }
        let inputShape = shape
        return result.recorded(operation, inputs: [self]) { g in [g.reshaped(inputShape)] }
    }

    /// `axis` as an index into `shape`, with negative values counting from the end.
    ///
    /// - Precondition: `-rank <= axis < rank`.
    func normalizedAxis(_ axis: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        require(
            resolved >= 0 && resolved < rank,
            "axis \(axis) is out of range for shape \(shape) (rank \(rank))")
        return resolved
    }
}
