import Testing
@testable import Plexus

/// The fused end of Dense and Conv2D (bias, activation, and their backward pass, in place and
/// split over the cores) against the plain formulas it replaces, which the gradient checks cover.
@Suite struct BiasActivationTests {
    static let activations: [Activation] = [
        .linear, .relu, .sigmoid, .tanh, .leakyRelu(slope: 0.3), .leakyRelu(slope: -0.5), .softmax,
    ]

    /// Widths with and without a tail after whole vectors of 8; row counts below and above the
    /// size that is split over the cores.
    static let shapes = [(5, 3), (7, 9), (9000, 16), (3000, 33)]

    func largestDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) / Swift.max(1, Swift.abs($1)) }.max() ?? 0
    }

    @Test(arguments: activations)
    func fusedPassesMatchThePlainFormulas(_ activation: Activation) {
        for (index, (rows, units)) in Self.shapes.enumerated() {
            let seed = UInt64(index * 3)
            let z = uniform([rows, units], -3, 3, seed: seed)
            let bias = uniform([units], -1, 1, seed: seed + 1)
            let gradient = uniform([rows, units], -1, 1, seed: seed + 2)
            let plainInput = z + bias
            let plainOutput = activation.value(plainInput)

            var output = z
            let kept = activation.applyWithBias(bias, to: &output)
            #expect(largestDifference(output, plainOutput) < 1e-6, "\(activation) \(rows)x\(units) output")
            #expect(z == uniform([rows, units], -3, 3, seed: seed), "the caller's copy of z is untouched")

            let (dz, db) = activation.gradientThroughBias(gradient, input: kept, output: output, wantsBias: true)
            let plainDz = activation.inputGradient(gradient, input: plainInput, output: plainOutput)
            #expect(largestDifference(dz, plainDz) < 1e-5, "\(activation) \(rows)x\(units) input gradient")
            #expect(largestDifference(db!, plainDz.sum(alongAxis: 0)) < 1e-4, "\(activation) \(rows)x\(units) bias gradient")
            #expect(activation.gradientThroughBias(gradient, input: kept, output: output, wantsBias: false).bias == nil)
        }
    }

    @Test func withoutBiasOnlyTheActivationApplies() {
        var z = Tensor(shape: [2, 3], scalars: [-1, 2, -3, 4, -5, 6])
        #expect(Activation.relu.applyWithBias(nil, to: &z) == nil)
        #expect(z.scalars == [0, 2, 0, 4, 0, 6])
        // A negative slope loses the sign of z, so z is kept for the backward pass.
        var leaky = Tensor([-1, 2])
        let kept = Activation.leakyRelu(slope: -0.5).applyWithBias(nil, to: &leaky)
        #expect(kept == Tensor([-1, 2]) && leaky == Tensor([0.5, 2]))
    }
}
