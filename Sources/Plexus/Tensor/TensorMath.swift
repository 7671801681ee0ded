import Foundation

// Elementwise math on tensors. The functions that are free functions in the C and Swift
// math libraries (`exp`, `log`, `sqrt`, `abs`, `pow`, `tanh`) are free functions here too,
// overloaded on `Tensor`, so `exp(x)` reads like the math; the rest are methods.
//
// All are differentiable: each computes its value raw, then, only when its input is tracked,
// records a node whose vector-Jacobian product is written next to the forward code.

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
///
/// Differentiable: the gradient is `exp(x)` itself.
public func exp(_ x: Tensor) -> Tensor {
    let y = x.applying(CPUKernels.unary.exp)
    guard x.isTracked else { return y }
    let output = y.detached()
    return y.recorded("exp", inputs: [x]) { g in [Tensor.zipElements(g, output) { $0 * $1 }] }
}

/// The elementwise logistic sigmoid, `1 / (1 + exp(-x))`.
///
/// Vectorised; finite and correct for any finite input (0 far left, 1 far right).
///
/// ```swift
/// sigmoid(Tensor([0]))                           // [0.5]
/// ```
///
/// Differentiable (gradient `y (1 - y)`, finite everywhere); it is ``Activation/sigmoid``.
public func sigmoid(_ x: Tensor) -> Tensor {
    Activation.sigmoid.applied(to: x)
}

/// The elementwise hyperbolic tangent. Vectorised; NaN stays NaN.
///
/// ```swift
/// tanh(Tensor([0, 100]))                         // [0.0, 1.0]
/// ```
///
/// Differentiable (gradient `1 - y²`); it is ``Activation/tanh``.
public func tanh(_ x: Tensor) -> Tensor {
    Activation.tanh.applied(to: x)
}

/// The elementwise natural logarithm: `-infinity` at 0, NaN below 0.
///
/// ```swift
/// log(Tensor([1, 0]))                            // [0.0, -inf]
/// ```
///
/// Differentiable: the gradient is `1 / x`.
public func log(_ x: Tensor) -> Tensor {
    let y = x.mapElements { logf($0) }
    guard x.isTracked else { return y }
    let input = x.detached()
    return y.recorded("log", inputs: [x]) { g in [Tensor.zipElements(g, input) { $0 / $1 }] }
}

/// The elementwise square root (NaN for negative elements).
///
/// ```swift
/// sqrt(Tensor([4, 9]))                           // [2.0, 3.0]
/// ```
///
/// Differentiable: the gradient is `1 / (2 sqrt(x))` (infinite at 0).
public func sqrt(_ x: Tensor) -> Tensor {
    let y = x.mapElements { $0.squareRoot() }
    guard x.isTracked else { return y }
    let output = y.detached()
    return y.recorded("sqrt", inputs: [x]) { g in [Tensor.zipElements(g, output) { 0.5 * $0 / $1 }] }
}

/// The elementwise absolute value.
///
/// ```swift
/// abs(Tensor([-2, 3]))                           // [2.0, 3.0]
/// ```
///
/// Differentiable: the gradient is the sign of `x`, and 0 at 0 (as in PyTorch).
public func abs(_ x: Tensor) -> Tensor {
    let y = x.mapElements { $0.magnitude }
    guard x.isTracked else { return y }
    let input = x.detached()
    return y.recorded("abs", inputs: [x]) { g in
        [Tensor.zipElements(g, input) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }]
    }
}

/// Each element raised to the power `exponent` (as C's `powf`; exponents 1, 2 and 0.5 take
/// exact shortcuts).
///
/// ```swift
/// pow(Tensor([2, 3]), 3)                         // [8.0, 27.0]
/// ```
///
/// Differentiable with respect to `x`: the gradient is `exponent · x^(exponent - 1)`
/// (0 for the exponent 0).
public func pow(_ x: Tensor, _ exponent: Float) -> Tensor {
    let y: Tensor
    switch exponent {
    case 1: y = x.mapElements { $0 }
    case 2: y = x.mapElements { $0 * $0 }
    case 0.5: y = x.mapElements { $0.squareRoot() }
    default: y = x.mapElements { powf($0, exponent) }
    }
    guard x.isTracked else { return y }
    let input = x.detached(), output = y.detached()
    return y.recorded("pow", inputs: [x]) { g in
        switch exponent {
        case 0: return [Tensor(shape: input.shape, repeating: 0)]
        case 1: return [g]
        case 2: return [Tensor.zipElements(g, input) { 2 * $0 * $1 }]
        case 0.5: return [Tensor.zipElements(g, output) { 0.5 * $0 / $1 }]
        default:
            let power = exponent - 1
            return [Tensor.zipElements(g, input) { g, x in g * exponent * powf(x, power) }]
        }
    }
}

/// The elementwise larger of two tensors, with broadcasting; NaN wins, as in NumPy.
///
/// ```swift
/// maximum(Tensor([-1, 2]), Tensor(0))            // [0.0, 2.0]
/// ```
///
/// Differentiable: the gradient goes to whichever element is larger; on a tie, all of it goes
/// to the first argument, `a`.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let result = Tensor.broadcasting(a, b) { x, y in x > y || x.isNaN ? x : y }
    guard a.isTracked || b.isTracked else { return result }
    return result.recordedChoice("maximum", between: a, and: b) { x, y in x >= y || x.isNaN }
}

/// The elementwise smaller of two tensors, with broadcasting; NaN wins, as in NumPy.
///
/// ```swift
/// minimum(Tensor([-1, 2]), Tensor([0, 0]))       // [-1.0, 0.0]
/// ```
///
/// Differentiable: the gradient goes to whichever element is smaller; on a tie, all of it goes
/// to the first argument, `a`.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let result = Tensor.broadcasting(a, b) { x, y in x < y || x.isNaN ? x : y }
    guard a.isTracked || b.isTracked else { return result }
    return result.recordedChoice("minimum", between: a, and: b) { x, y in x <= y || x.isNaN }
}

/// The elementwise larger of a tensor and a scalar; NaN stays NaN.
///
/// ```swift
/// maximum(Tensor([-1, 2]), 0)                    // [0.0, 2.0]  (ReLU)
/// ```
///
/// Differentiable: the gradient passes where `a >= b` (a tie counts for `a`, the first
/// argument; ``relu(_:)`` instead gives 0 at 0) and is 0 elsewhere.
public func maximum(_ a: Tensor, _ b: Float) -> Tensor {
    let result = a.mapElements { x in x > b || x.isNaN ? x : b }
    guard a.isTracked else { return result }
    let input = a.detached()
    return result.recorded("maximum", inputs: [a]) { g in
        [Tensor.zipElements(g, input) { g, x in x >= b || x.isNaN ? g : 0 }]
    }
}

/// The elementwise smaller of a tensor and a scalar; NaN stays NaN.
///
/// Differentiable: the gradient passes where `a <= b` (a tie counts for `a`, the first
/// argument) and is 0 elsewhere.
public func minimum(_ a: Tensor, _ b: Float) -> Tensor {
    let result = a.mapElements { x in x < b || x.isNaN ? x : b }
    guard a.isTracked else { return result }
    let input = a.detached()
    return result.recorded("minimum", inputs: [a]) { g in
        [Tensor.zipElements(g, input) { g, x in x <= b || x.isNaN ? g : 0 }]
    }
}

extension Tensor {
    /// Records an elementwise choice between `a` and `b` (with broadcasting): the gradient at
    /// each position goes to `a` where `firstChosen(a, b)` holds, else to `b`.
    func recordedChoice(
        _ operation: String, between a: Tensor, and b: Tensor,
        firstChosen: @escaping (Float, Float) -> Bool
    ) -> Tensor {
        let x = a.detached(), y = b.detached()
        let (firstWanted, secondWanted) = (a.isTracked, b.isTracked)
        return recorded(operation, inputs: [a, b]) { g in
            let toFirst = Tensor.zipElements(g, Tensor.broadcasting(x, y) { firstChosen($0, $1) ? 1 : 0 }) { $0 * $1 }
            return [
                firstWanted ? toFirst.summed(toShape: x.shape) : nil,
                secondWanted ? Tensor.zipElements(g, toFirst) { $0 - $1 }.summed(toShape: y.shape) : nil,
            ]
        }
    }
}

extension Tensor {
    /// Each element multiplied by itself.
    ///
    /// ```swift
    /// Tensor([-2, 3]).squared()                      // [4.0, 9.0]
    /// ```
    ///
    /// Differentiable: the gradient is `2x`.
    public func squared() -> Tensor {
        let y = mapElements { $0 * $0 }
        guard isTracked else { return y }
        let input = detached()
        return y.recorded("square", inputs: [self]) { g in [Tensor.zipElements(g, input) { 2 * $0 * $1 }] }
    }

    /// Each element limited to `lower...upper`; NaN stays NaN.
    ///
    /// ```swift
    /// Tensor([-5, 0.5, 5]).clamped(min: 0, max: 1)   // [0.0, 0.5, 1.0]
    /// ```
    ///
    /// Differentiable: the gradient passes unchanged where `lower <= x <= upper` (the bounds
    /// included, as PyTorch's `clamp` and TensorFlow's `clip_by_value` do) and is 0 strictly
    /// outside.
    ///
    /// - Precondition: `lower <= upper`.
    public func clamped(min lower: Float, max upper: Float) -> Tensor {
        require(lower <= upper, "clamped(min:max:) needs min <= max, got \(lower) and \(upper)")
        let y = mapElements { $0 < lower ? lower : ($0 > upper ? upper : $0) }
        guard isTracked else { return y }
        let input = detached()
        return y.recorded("clamp", inputs: [self]) { g in
            [Tensor.zipElements(g, input) { g, x in x >= lower && x <= upper ? g : 0 }]
        }
    }
}
