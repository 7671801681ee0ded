extension Tensor {
    /// A tensor of the given shape filled with zeros.
    ///
    /// ```swift
    /// let bias = Tensor.zeros([10])        // [0.0, 0.0, ..., 0.0]
    /// ```
    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, repeating: 0)
    }

    /// A tensor of the given shape filled with ones.
    ///
    /// ```swift
    /// let mask = Tensor.ones([2, 3])        // [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
    /// ```
    public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, repeating: 1)
    }

    /// A tensor of the given shape with every element equal to `value`.
    ///
    /// ```swift
    /// let sevens = Tensor.filled([2, 2], with: 7)   // [[7.0, 7.0], [7.0, 7.0]]
    /// ```
    public static func filled(_ shape: [Int], with value: Float) -> Tensor {
        Tensor(shape: shape, repeating: value)
    }

    /// The `n` x `n` identity matrix: ones on the diagonal, zeros elsewhere.
    ///
    /// ```swift
    /// Tensor.identity(2)                   // [[1.0, 0.0], [0.0, 1.0]]
    /// ```
    ///
    /// - Precondition: `n >= 0`.
    public static func identity(_ n: Int) -> Tensor {
        require(n >= 0, "an identity matrix needs a size of at least 0, got \(n)")
        let result = Tensor.zeros([n, n])
        let base = result.storage.base
        for i in 0..<n { base[i * n + i] = 1 }
        return result
    }

    /// The vector `[0, 1, ..., count - 1]`.
    ///
    /// ```swift
    /// Tensor.range(4)                      // [0.0, 1.0, 2.0, 3.0]
    /// ```
    ///
    /// - Precondition: `count >= 0`.
    public static func range(_ count: Int) -> Tensor {
        require(count >= 0, "a range needs a count of at least 0, got \(count)")
        let result = Tensor(uninitializedShape: [count])
        let base = result.storage.base
        for i in 0..<count { base[i] = Float(i) }
        return result
    }

    /// Evenly spaced values from `start` up to, but not including, `end`, as NumPy's `arange`.
    ///
    /// The vector has `ceil((end - start) / step)` elements (none when that is not positive);
    /// element `i` is `start + Float(i) * step`.
    ///
    /// ```swift
    /// Tensor.range(from: 1, to: 2, step: 0.25)   // [1.0, 1.25, 1.5, 1.75]
    /// Tensor.range(from: 3, to: 0, step: -1)     // [3.0, 2.0, 1.0]
    /// ```
    ///
    /// - Precondition: `step` is finite and not zero; `start` and `end` are finite.
    public static func range(from start: Float, to end: Float, step: Float = 1) -> Tensor {
        require(step != 0 && step.isFinite, "a range needs a finite, nonzero step, got \(step)")
        require(
            start.isFinite && end.isFinite, "a range needs finite bounds, got \(start) to \(end)")
        let exactCount = ((Double(end) - Double(start)) / Double(step)).rounded(.up)
        let count = exactCount > 0 ? Int(exactCount) : 0
        let result = Tensor(uninitializedShape: [count])
        let base = result.storage.base
        for i in 0..<count { base[i] = start + Float(i) * step }
        return result
    }
}
