import Testing
@testable import Plexus

/// A fixed sequence of three steps on a two-element parameter, shared by the optimizer tests.
///
/// The expected values in the tests come from an independent float64 script that applies the
/// Keras formulas step by step (w0 = [1, -2]; gradients [0.5, -1], [0.25, 2], [-0.75, 0.5]).
enum OptimizerTesting {
    static let start: [Float] = [1, -2]
    static let gradients: [[Float]] = [[0.5, -1], [0.25, 2], [-0.75, 0.5]]

    /// Runs the three steps, with learning rate `learningRates[i]` at step `i`, and returns the
    /// parameter's value after each.
    static func run(_ optimizer: some Optimizer, learningRates: [Float]? = nil) -> (values: [[Float]], parameter: Parameter) {
        let parameter = Parameter(Tensor(start), name: "w")
        var values: [[Float]] = []
        for (index, gradient) in gradients.enumerated() {
            if let learningRates { optimizer.learningRate = learningRates[index] }
            var byParameter = Gradients()
            byParameter[parameter] = Tensor(gradient)
            optimizer.update([parameter], with: byParameter)
            values.append(parameter.value.scalars)
        }
        return (values, parameter)
    }

    /// The same three steps, but the last two by a second optimizer made by `make` that was
    /// given the first one's step and slots after step 1 (as a checkpoint restores them).
    static func runResumed(_ make: () -> some Optimizer) -> [[Float]] {
        let first = make()
        let w = Parameter(Tensor(start), name: "w")
        var byParameter = Gradients()
        byParameter[w] = Tensor(gradients[0])
        first.update([w], with: byParameter)

        let resumed = make()
        resumed.step = first.step
        resumed.setState(first.state(for: w), for: w)
        var values = [w.value.scalars]
        for gradient in gradients.dropFirst() {
            byParameter[w] = Tensor(gradient)
            resumed.update([w], with: byParameter)
            values.append(w.value.scalars)
        }
        return values
    }

    /// Whether each value is within 1e-6 of the expected one, relative to max(|expected|, 1).
    static func matches(_ actual: [[Float]], _ expected: [[Double]]) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { row, expectedRow in
                row.count == expectedRow.count
                    && zip(row, expectedRow).allSatisfy { value, reference in
                        Swift.abs(Double(value) - reference) <= 1e-6 * Swift.max(Swift.abs(reference), 1)
                    }
            }
    }
}
