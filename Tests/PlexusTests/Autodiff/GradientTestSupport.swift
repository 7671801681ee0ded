import Testing
@testable import Plexus

// Helpers for the gradient tests: seeded inputs that keep away from kinks and ties, and a
// check that compares an operation's recorded gradient with central finite differences.

/// The threshold for ``checkGradient(of:at:epsilon:)``'s largest relative error.
let gradientTolerance: Float = 1e-2

/// Values drawn uniformly from `low..<high`.
func uniform(_ shape: [Int], _ low: Float, _ high: Float, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, low: low, high: high, using: &generator)
}

/// Values of size 0.2 to 1.5 with random signs: far from 0, where relu, abs and the like bend.
func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let values = (0..<count).map { _ -> Float in
        let magnitude = 0.2 + 1.3 * generator.nextFloat()
        return generator.nextFloat() < 0.5 ? -magnitude : magnitude
    }
    return Tensor(shape: shape, scalars: values)
}

/// Distinct values `offset + 0.2 k`, centred on `offset` and shuffled: every two differ by at
/// least 0.2, and a grid with offset 0.1 differs from one with offset 0 by at least 0.1, so
/// max, min and comparisons never meet a tie within the finite-difference step.
func distinctGrid(_ shape: [Int], offset: Float = 0, seed: UInt64) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let count = shape.reduce(1, *)
    let values = generator.permutation(count).map { offset + 0.2 * (Float($0) - Float(count / 2)) }
    return Tensor(shape: shape, scalars: values)
}

/// Fixed weights for an output of `shape` (the same at every call): summing an output
/// weighted by them gives a scalar whose gradient differs from element to element, so that a
/// gradient sent to the wrong position is caught.
func weights(for shape: [Int]) -> Tensor {
    var generator = RandomGenerator(seed: UInt64(shape.reduce(7) { $0 &* 31 &+ $1 }))
    return Tensor.uniform(shape, low: -1, high: 1, using: &generator)
}

/// The weighted sum of `output` by ``weights(for:)``.
func weightedSum(_ output: Tensor) -> Tensor {
    (output * weights(for: output.shape)).sum()
}

/// Checks the gradient of `operation` (any output shape, reduced by ``weightedSum(_:)``) at
/// `inputs` against finite differences, and returns the result for further checks.
@discardableResult
func expectGradient(
    at inputs: [Tensor], tolerance: Float = gradientTolerance,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ operation: @escaping ([Tensor]) -> Tensor
) -> GradientCheckResult {
    let result = checkGradient(of: { weightedSum(operation($0)) }, at: inputs)
    #expect(result.maxRelativeError < tolerance, "\(result)", sourceLocation: sourceLocation)
    for (input, gradient) in zip(inputs, result.analytic) {
        #expect(gradient.shape == input.shape, sourceLocation: sourceLocation)
    }
    return result
}
