/// How an autodiff gradient compares with a finite-difference estimate; see
/// ``checkGradient(of:at:epsilon:)``.
public struct GradientCheckResult: Sendable, CustomStringConvertible {
    /// The largest relative error over every element of every input.
    public var maxRelativeError: Float
    /// Where it occurred: the input's position and the element's row-major index.
    public var worstInput: Int
    /// The row-major index, within that input, of the element with the largest error.
    public var worstElement: Int
    /// The gradients from autodiff, one per input.
    public var analytic: [Tensor]
    /// The central finite-difference estimates, one per input.
    public var numeric: [Tensor]

    /// The largest relative error and where it occurred, in one line.
    public var description: String {
        "largest relative error \(maxRelativeError) at input \(worstInput), element \(worstElement)"
    }
}

/// Compares the autodiff gradient of a scalar function with central finite differences:
/// for each element x of each input, (f(x + ε) - f(x - ε)) / 2ε.
///
/// The relative error of an element is |analytic - numeric| / max(|analytic|, |numeric|, 0.01):
/// relative for gradients of normal size, absolute (scaled by 100) for gradients near zero, where
/// Float32 rounding dominates. With ε = 1e-2 and smooth functions of moderate values, a correct
/// gradient scores below about 1e-2; a wrong one scores near 1.
///
/// ```swift
/// let result = checkGradient(of: { x in (sigmoid(x[0]) * x[1]).sum() },
///                            at: [Tensor([0.5, -1]), Tensor([2, 3])])
/// print(result.maxRelativeError)  // about 1e-4
/// ```
public func checkGradient(
    of f: ([Tensor]) -> Tensor, at inputs: [Tensor], epsilon: Float = 1e-2
) -> GradientCheckResult {
    let analytic = valueWithGradient(at: inputs, of: f).gradients
    var numeric: [Tensor] = []
    var result = GradientCheckResult(maxRelativeError: 0, worstInput: 0, worstElement: 0, analytic: analytic, numeric: [])
    for (index, input) in inputs.enumerated() {
        var estimate = Tensor(shape: input.shape, repeating: 0)
        for element in 0..<input.count {
            // Divide by the step actually taken: in Float32, (x + ε) - (x - ε) may differ from 2ε.
            var plus = inputs, minus = inputs
            let x = input.withUnsafeBufferPointer { $0[element] }
            let up = x + epsilon, down = x - epsilon
            plus[index].withUnsafeMutableBufferPointer { $0[element] = up }
            minus[index].withUnsafeMutableBufferPointer { $0[element] = down }
            let difference = Double(f(plus).scalar) - Double(f(minus).scalar)
            let slope = Float(difference / Double(up - down))
            estimate.withUnsafeMutableBufferPointer { $0[element] = slope }
            let exact = analytic[index].withUnsafeBufferPointer { $0[element] }
            let error = Swift.abs(exact - slope) / Swift.max(Swift.abs(exact), Swift.abs(slope), 0.01)
            if error > result.maxRelativeError || error.isNaN {
                result.maxRelativeError = error.isNaN ? .infinity : error
                result.worstInput = index
                result.worstElement = element
            }
        }
        numeric.append(estimate)
    }
    result.numeric = numeric
    return result
}
