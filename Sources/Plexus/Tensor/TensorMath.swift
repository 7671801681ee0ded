import Foundation

// Elementwise math on tensors. The functions that are free functions in the C and Swift
// math libraries (`exp`, `log`, `sqrt`, `abs`, `pow`, `tanh`) are free functions here too,
// overloaded on `Tensor`, so `exp(x)` reads like the math; the rest are methods.

extension Tensor {
    /// A new tensor of the same shape: `kernel` applied to every element.
    func applying(_ kernel: UnaryKernels.Kernel) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        kernel(storage.base, result.storage.base, count)
        return result
    }
}

/// The elementwise exponential, `e` raised to each element.
///
/// Vectorised (relative error about 1e-7); results below about `exp(-87.3)` are 0 and above
/// about `exp(88.7)` are `+infinity`; NaN stays NaN.
///
/// ```swift
/// exp(Tensor([0, 1]))                            // [1.0, 2.7182817]
/// ```
public func exp(_ x: Tensor) -> Tensor {
    x.applying(CPUKernels.unary.exp)
}

/// The elementwise logistic sigmoid, `1 / (1 + exp(-x))`.
///
/// Vectorised; finite and correct for any finite input (0 far left, 1 far right).
///
/// ```swift
/// sigmoid(Tensor([0]))                           // [0.5]
/// ```
public func sigmoid(_ x: Tensor) -> Tensor {
    x.applying(CPUKernels.unary.sigmoid)
}

/// The elementwise hyperbolic tangent. Vectorised; NaN stays NaN.
///
/// ```swift
/// tanh(Tensor([0, 100]))                         // [0.0, 1.0]
/// ```
public func tanh(_ x: Tensor) -> Tensor {
    x.applying(CPUKernels.unary.tanh)
}

/// The elementwise natural logarithm: `-infinity` at 0, NaN below 0.
///
/// ```swift
/// log(Tensor([1, 0]))                            // [0.0, -inf]
/// ```
public func log(_ x: Tensor) -> Tensor {
    x.mapElements { logf($0) }
}

/// The elementwise square root (NaN for negative elements).
///
/// ```swift
/// sqrt(Tensor([4, 9]))                           // [2.0, 3.0]
/// ```
public func sqrt(_ x: Tensor) -> Tensor {
    x.mapElements { $0.squareRoot() }
}

/// The elementwise absolute value.
///
/// ```swift
/// abs(Tensor([-2, 3]))                           // [2.0, 3.0]
/// ```
public func abs(_ x: Tensor) -> Tensor {
    x.mapElements { $0.magnitude }
}

/// Each element raised to the power `exponent` (as C's `powf`; exponents 1, 2 and 0.5 take
/// exact shortcuts).
///
/// ```swift
/// pow(Tensor([2, 3]), 3)                         // [8.0, 27.0]
/// ```
public func pow(_ x: Tensor, _ exponent: Float) -> Tensor {
    switch exponent {
    case 1: return x.mapElements { $0 }
    case 2: return x.mapElements { $0 * $0 }
    case 0.5: return x.mapElements { $0.squareRoot() }
    default: return x.mapElements { powf($0, exponent) }
    }
}

/// The elementwise larger of two tensors, with broadcasting; NaN wins, as in NumPy.
///
/// ```swift
/// maximum(Tensor([-1, 2]), Tensor(0))            // [0.0, 2.0]
/// ```
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    Tensor.broadcasting(a, b) { x, y in x > y || x.isNaN ? x : y }
}

/// The elementwise smaller of two tensors, with broadcasting; NaN wins, as in NumPy.
///
/// ```swift
/// minimum(Tensor([-1, 2]), Tensor([0, 0]))       // [-1.0, 0.0]
/// ```
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    Tensor.broadcasting(a, b) { x, y in x < y || x.isNaN ? x : y }
}

/// The elementwise larger of a tensor and a scalar; NaN stays NaN.
///
/// ```swift
/// maximum(Tensor([-1, 2]), 0)                    // [0.0, 2.0]  (ReLU)
/// ```
public func maximum(_ a: Tensor, _ b: Float) -> Tensor {
    a.mapElements { x in x > b || x.isNaN ? x : b }
}

/// The elementwise smaller of a tensor and a scalar; NaN stays NaN.
public func minimum(_ a: Tensor, _ b: Float) -> Tensor {
    a.mapElements { x in x < b || x.isNaN ? x : b }
}

extension Tensor {
    /// Each element multiplied by itself.
    ///
    /// ```swift
    /// Tensor([-2, 3]).squared()                      // [4.0, 9.0]
    /// ```
    public func squared() -> Tensor {
        mapElements { $0 * $0 }
    }

    /// Each element limited to `lower...upper`; NaN stays NaN.
    ///
    /// ```swift
    /// Tensor([-5, 0.5, 5]).clamped(min: 0, max: 1)   // [0.0, 0.5, 1.0]
    /// ```
    ///
    /// - Precondition: `lower <= upper`.
    public func clamped(min lower: Float, max upper: Float) -> Tensor {
        require(lower <= upper, "clamped(min:max:) needs min <= max, got \(lower) and \(upper)")
        return mapElements { $0 < lower ? lower : ($0 > upper ? upper : $0) }
    }
}
