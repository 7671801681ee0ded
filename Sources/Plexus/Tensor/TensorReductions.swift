// Reductions. A reduction along an axis sees the tensor as [outer, axis, inner] (the product
// of the dimensions before the axis, the axis, the product after it), so that every case is a
// tight loop over contiguous memory: along the last axis (inner = 1) one contiguous row per
// output, otherwise whole inner rows at a time.
//
// All are differentiable. Sums and means spread the gradient evenly back over what they
// reduced; max and min give all of it to the position of the extreme value, the first one when
// several are equal (as `argmax` picks), zero to the others.

/// The sum of `count` contiguous values, pairwise over blocks of 128 with four running sums
/// per block: the error grows with log(count), not count, and the loop stays vectorisable.
@usableFromInline
func pairwiseSum(_ values: UnsafePointer<Float>, _ count: Int) -> Float {
    if count <= 128 {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= count {
            s0 += values[i]
            s1 += values[i + 1]
            s2 += values[i + 2]
            s3 += values[i + 3]
            i += 4
        }
        while i < count {
            s0 += values[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }
    let half = (count / 2 + 3) & ~3
    return pairwiseSum(values, half) + pairwiseSum(values + half, count - half)
}

extension Tensor {
    /// The sizes (outer, axis, inner) of the tensor seen along `axis` (already normalised).
    func reductionLayout(_ axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The shape of a reduction along `axis`: that dimension removed, or kept as 1.
    func reducedShape(_ axis: Int, keepingDimensions: Bool) -> [Int] {
        var result = shape
        if keepingDimensions { result[axis] = 1 } else { result.remove(at: axis) }
        return result
    }

    // MARK: Whole tensor

    /// The sum of all elements, as a scalar tensor (shape `[]`); 0 for an empty tensor.
    ///
    /// Pairwise summation keeps it accurate for large tensors.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]).sum()                 // 10.0
    /// ```
    public func sum() -> Tensor {
        let total = Tensor(pairwiseSum(storage.base, count))
        guard isTracked else { return total }
        let inputShape = shape
        return total.recorded("sum", inputs: [self]) { g in [Tensor(shape: inputShape, repeating: g.scalar)] }
    }

    /// The mean of all elements, as a scalar tensor; NaN for an empty tensor (0 / 0).
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]).mean()                // 2.5
    /// ```
    public func mean() -> Tensor {
        let average = Tensor(pairwiseSum(storage.base, count) / Float(count))
        guard isTracked else { return average }
        let inputShape = shape, scale = 1 / Float(count)
        return average.recorded("mean", inputs: [self]) { g in [Tensor(shape: inputShape, repeating: g.scalar * scale)] }
    }

    /// The largest element, as a scalar tensor; NaN if any element is NaN.
    ///
    /// Differentiable: the gradient goes to the first element equal to the result.
    /// - Precondition: the tensor is not empty.
    public func max() -> Tensor {
        require(count > 0, "cannot take the max of an empty tensor of shape \(shape)")
        let values = UnsafePointer(storage.base)
        var best = values[0]
        for i in 1..<count {
            let v = values[i]
            if v > best || (v != v && best == best) { best = v }
        }
        return recordedWholeExtreme(Tensor(best), "max")
    }

    /// The smallest element, as a scalar tensor; NaN if any element is NaN.
    ///
    /// Differentiable: the gradient goes to the first element equal to the result.
    /// - Precondition: the tensor is not empty.
    public func min() -> Tensor {
        require(count > 0, "cannot take the min of an empty tensor of shape \(shape)")
        let values = UnsafePointer(storage.base)
        var best = values[0]
        for i in 1..<count {
            let v = values[i]
            if v < best || (v != v && best == best) { best = v }
        }
        return recordedWholeExtreme(Tensor(best), "min")
    }

    /// `result`, the max or min of all elements, recorded when `self` is tracked: the gradient
    /// goes to the first element equal to it.
    func recordedWholeExtreme(_ result: Tensor, _ operation: String) -> Tensor {
        guard isTracked else { return result }
        let input = detached(), best = result.scalar
        return result.recorded(operation, inputs: [self]) { g in
            [Tensor.gradient(g.scalar, atFirstOf: best, in: input)]
        }
    }

    // MARK: Along an axis

    /// The sums along `axis` (negative counts from the end: -1 is the last axis).
    ///
    /// The axis is removed from the shape, or kept with size 1 when `keepingDimensions` is true
    /// (so that the result broadcasts against `self`).
    ///
    /// ```swift
    /// let x = Tensor([[1, 2, 3], [4, 5, 6]])
    /// x.sum(alongAxis: 0)                            // [5.0, 7.0, 9.0]
    /// x.sum(alongAxis: -1, keepingDimensions: true)  // [[6.0], [15.0]]
    /// ```
    public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let resolved = normalizedAxis(axis)
        let (outer, length, inner) = reductionLayout(resolved)
        let result = Tensor(
            uninitializedShape: reducedShape(resolved, keepingDimensions: keepingDimensions))
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        if inner == 1 {
            for o in 0..<outer { destination[o] = pairwiseSum(source + o * length, length) }
        } else {
            for o in 0..<outer {
                let row = destination + o * inner
                row.update(repeating: 0, count: inner)
                var block = source + o * length * inner
                for _ in 0..<length {
                    for i in 0..<inner { row[i] += block[i] }
                    block += inner
                }
            }
        }
        guard isTracked else { return result }
        let inputShape = shape, keptShape = reducedShape(resolved, keepingDimensions: true)
        return result.recorded("sum", inputs: [self]) { g in
            [g.reshaped(keptShape).broadcasted(toShape: inputShape)]
        }
    }

    /// The means along `axis` (see ``sum(alongAxis:keepingDimensions:)``); NaN where the axis
    /// is empty.
    ///
    /// ```swift
    /// Tensor([[1, 2, 3], [4, 5, 6]]).mean(alongAxis: 1)  // [2.0, 5.0]
    /// ```
    public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let resolved = normalizedAxis(axis)
        var result = detached().sum(alongAxis: resolved, keepingDimensions: keepingDimensions)
        let scale = 1 / Float(shape[resolved])
        result *= scale
        guard isTracked else { return result }
        let inputShape = shape, keptShape = reducedShape(resolved, keepingDimensions: true)
        return result.recorded("mean", inputs: [self]) { g in
            [(g * scale).reshaped(keptShape).broadcasted(toShape: inputShape)]
        }
    }

    /// The largest values along `axis` (see ``sum(alongAxis:keepingDimensions:)``); NaN where
    /// a NaN is among them.
    ///
    /// ```swift
    /// Tensor([[1, 5, 3], [4, 2, 6]]).max(alongAxis: 0)   // [4.0, 5.0, 6.0]
    /// ```
    ///
    /// Differentiable: each result's gradient goes to the position ``argmax(alongAxis:)``
    /// picks (the first of equal values), the other positions get 0.
    /// - Precondition: the axis is not empty.
    public func max(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let result = extreme(alongAxis: axis, keepingDimensions: keepingDimensions, name: "max") { $0 > $1 }
        guard isTracked else { return result }
        let input = detached(), resolved = normalizedAxis(axis)
        return result.recorded("max", inputs: [self]) { g in
            [Tensor.scattering(g, at: input.argmax(alongAxis: resolved), alongAxis: resolved, into: input.shape)]
        }
    }

    /// The smallest values along `axis` (see ``max(alongAxis:keepingDimensions:)``).
    ///
    /// ```swift
    /// Tensor([[1, 5, 3], [4, 2, 6]]).min(alongAxis: 1)   // [1.0, 2.0]
    /// ```
    ///
    /// Differentiable: each result's gradient goes to the position ``argmin(alongAxis:)``
    /// picks (the first of equal values).
    /// - Precondition: the axis is not empty.
    public func min(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let result = extreme(alongAxis: axis, keepingDimensions: keepingDimensions, name: "min") { $0 < $1 }
        guard isTracked else { return result }
        let input = detached(), resolved = normalizedAxis(axis)
        return result.recorded("min", inputs: [self]) { g in
            [Tensor.scattering(g, at: input.argmin(alongAxis: resolved), alongAxis: resolved, into: input.shape)]
        }
    }

    @inline(__always)
    func extreme(
        alongAxis axis: Int, keepingDimensions: Bool, name: String,
        _ isBetter: (Float, Float) -> Bool
    ) -> Tensor {
        let resolved = normalizedAxis(axis)
        let (outer, length, inner) = reductionLayout(resolved)
        require(
            length > 0 || outer * inner == 0,
            "cannot take the \(name) along axis \(axis) of shape \(shape): that axis is empty")
        let result = Tensor(
            uninitializedShape: reducedShape(resolved, keepingDimensions: keepingDimensions))
        if result.count == 0 { return result }
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        if inner == 1 {
            // Along the last axis: one contiguous run per output.
            for o in 0..<outer {
                let run = source + o * length
                var best = run[0]
                for k in 1..<length {
                    let v = run[k]
                    if isBetter(v, best) || (v != v && best == best) { best = v }
                }
                destination[o] = best
            }
            return result
        }
        for o in 0..<outer {
            let row = destination + o * inner
            var block = source + o * length * inner
            row.update(from: block, count: inner)
            for _ in 1..<length {
                block += inner
                for i in 0..<inner {
                    let v = block[i]
                    let best = row[i]
                    if isBetter(v, best) || (v != v && best == best) { row[i] = v }
                }
            }
        }
        return result
    }

    /// The positions of the largest values along `axis`, as `Float`s (the first one on ties;
    /// the first NaN if there is one). The axis is removed from the shape.
    ///
    /// ```swift
    /// Tensor([[1, 5, 3], [4, 2, 6]]).argmax(alongAxis: 1)  // [1.0, 2.0]
    /// ```
    ///
    /// - Precondition: the axis is not empty.
    public func argmax(alongAxis axis: Int) -> Tensor {
        argExtreme(alongAxis: axis, name: "argmax") { $0 > $1 }
    }

    /// The positions of the smallest values along `axis`, as `Float`s (see ``argmax(alongAxis:)``).
    ///
    /// - Precondition: the axis is not empty.
    public func argmin(alongAxis axis: Int) -> Tensor {
        argExtreme(alongAxis: axis, name: "argmin") { $0 < $1 }
    }

    /// The positions of the largest values along `axis`, as integers in row-major order of the
    /// remaining axes; for a batch of scores `[N, classes]` and axis -1, the predicted classes.
    ///
    /// ```swift
    /// Tensor([[1, 5, 3], [4, 2, 6]]).argmaxIndices(alongAxis: -1)  // [1, 2]
    /// ```
    ///
    /// - Precondition: the axis is not empty.
    public func argmaxIndices(alongAxis axis: Int) -> [Int] {
        argmax(alongAxis: axis).scalars.map { Int($0) }
    }

    @inline(__always)
    func argExtreme(alongAxis axis: Int, name: String, _ isBetter: (Float, Float) -> Bool) -> Tensor {
        let resolved = normalizedAxis(axis)
        let (outer, length, inner) = reductionLayout(resolved)
        require(
            length > 0 || outer * inner == 0,
            "cannot take the \(name) along axis \(axis) of shape \(shape): that axis is empty")
        let result = Tensor(uninitializedShape: reducedShape(resolved, keepingDimensions: false))
        if result.count == 0 { return result }
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        if inner == 1 {
            // Along the last axis: one contiguous run per output.
            for o in 0..<outer {
                let run = source + o * length
                var best = run[0]
                var position = 0
                for k in 1..<length {
                    let v = run[k]
                    if isBetter(v, best) || (v != v && best == best) {
                        best = v
                        position = k
                    }
                }
                destination[o] = Float(position)
            }
            return result
        }
        // The best values so far, one per inner position, reused for every outer index.
        var best = [Float](repeating: 0, count: inner)
        best.withUnsafeMutableBufferPointer { bestValues in
            for o in 0..<outer {
                let positions = destination + o * inner
                var block = source + o * length * inner
                for i in 0..<inner {
                    bestValues[i] = block[i]
                    positions[i] = 0
                }
                for k in 1..<length {
                    block += inner
                    let position = Float(k)
                    for i in 0..<inner {
                        let v = block[i]
                        let current = bestValues[i]
                        if isBetter(v, current) || (v != v && current == current) {
                            bestValues[i] = v
                            positions[i] = position
                        }
                    }
                }
            }
        }
        return result
    }
}
