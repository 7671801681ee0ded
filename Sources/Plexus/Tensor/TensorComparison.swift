// Elementwise comparisons give masks: tensors of 1 where the comparison holds and 0 where it
// does not, with broadcasting, so they combine with arithmetic (`(x .> 0) * x` is ReLU).
// Comparisons with NaN are false, as for `Float`.

extension Tensor {
    /// 1 where the elements are equal, 0 elsewhere, with broadcasting.
    ///
    /// ```swift
    /// Tensor([1, 2, 3]).isEqual(to: Tensor([1, 0, 3]))   // [1.0, 0.0, 1.0]
    /// ```
    public func isEqual(to other: Tensor) -> Tensor {
        Tensor.broadcasting(self, other) { $0 == $1 ? 1 : 0 }
    }

    /// 1 where an element of `self` is greater than the matching one of `other`, else 0,
    /// with broadcasting.
    ///
    /// ```swift
    /// Tensor([[1, 5], [3, 2]]).isGreater(than: Tensor([2, 2]))  // [[0.0, 1.0], [1.0, 0.0]]
    /// ```
    public func isGreater(than other: Tensor) -> Tensor {
        Tensor.broadcasting(self, other) { $0 > $1 ? 1 : 0 }
    }

    /// 1 where an element of `self` is less than the matching one of `other`, else 0,
    /// with broadcasting.
    public func isLess(than other: Tensor) -> Tensor {
        Tensor.broadcasting(self, other) { $0 < $1 ? 1 : 0 }
    }

    /// 1 where an element equals `value`, 0 elsewhere.
    public func isEqual(to value: Float) -> Tensor {
        mapElements { $0 == value ? 1 : 0 }
    }

    /// 1 where an element is greater than `value`, 0 elsewhere.
    ///
    /// ```swift
    /// Tensor([-1, 0, 2]).isGreater(than: 0)          // [0.0, 0.0, 1.0]
    /// ```
    public func isGreater(than value: Float) -> Tensor {
        mapElements { $0 > value ? 1 : 0 }
    }

    /// 1 where an element is less than `value`, 0 elsewhere.
    public func isLess(than value: Float) -> Tensor {
        mapElements { $0 < value ? 1 : 0 }
    }

    /// The mask of ``isEqual(to:)-(Tensor)``, as an operator.
    public static func .== (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.isEqual(to: rhs) }
    /// The mask of ``isGreater(than:)-(Tensor)``, as an operator.
    public static func .> (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.isGreater(than: rhs) }
    /// The mask of ``isLess(than:)-(Tensor)``, as an operator.
    public static func .< (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.isLess(than: rhs) }
    /// The mask of ``isEqual(to:)-(Float)``, as an operator.
    public static func .== (lhs: Tensor, rhs: Float) -> Tensor { lhs.isEqual(to: rhs) }
    /// The mask of ``isGreater(than:)-(Float)``, as an operator.
    ///
    /// ```swift
    /// let relu = (x .> 0) * x
    /// ```
    public static func .> (lhs: Tensor, rhs: Float) -> Tensor { lhs.isGreater(than: rhs) }
    /// The mask of ``isLess(than:)-(Float)``, as an operator.
    public static func .< (lhs: Tensor, rhs: Float) -> Tensor { lhs.isLess(than: rhs) }

    /// Whether the two tensors have the same shape and their elements are within `tolerance`
    /// of each other, relative to their size: `|a - b| <= tolerance * max(1, |a|, |b|)`
    /// (so an absolute tolerance near zero and a relative one for large values).
    ///
    /// Tensors of different shapes are never approximately equal; NaN equals nothing.
    ///
    /// ```swift
    /// Tensor([1, 2]).isApproximatelyEqual(to: Tensor([1.000001, 2]))  // true
    /// ```
    public func isApproximatelyEqual(to other: Tensor, tolerance: Float = 1e-5) -> Bool {
        guard shape == other.shape else { return false }
        let a = UnsafePointer(storage.base)
        let b = UnsafePointer(other.storage.base)
        for i in 0..<count {
            let x = a[i]
            let y = b[i]
            if x == y { continue }  // also equal infinities
            if !x.isFinite || !y.isFinite { return false }
            let scale = Swift.max(1, Swift.max(x.magnitude, y.magnitude))
            if !((x - y).magnitude <= tolerance * scale) { return false }
        }
        return true
    }

    /// Whether any element is NaN or infinite.
    ///
    /// ```swift
    /// (Tensor([1, 0]) / 0).hasNonFiniteValues        // true
    /// ```
    public var hasNonFiniteValues: Bool {
        let values = UnsafePointer(storage.base)
        for i in 0..<count where !values[i].isFinite { return true }
        return false
    }
}

extension Tensor: Equatable {
    /// Whether the two tensors have the same shape and equal elements (`Float` equality:
    /// `0 == -0`, and a tensor holding NaN is not equal to itself).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        let a = UnsafePointer(lhs.storage.base)
        let b = UnsafePointer(rhs.storage.base)
        for i in 0..<lhs.count where a[i] != b[i] { return false }
        return true
    }
}
