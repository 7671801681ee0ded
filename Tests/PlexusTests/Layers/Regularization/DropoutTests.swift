import Testing
@testable import Plexus

/// Dropout: identity at inference, scaled random masks in training, reproducible by seed.
@Suite struct DropoutTests {
    typealias F = ConvolutionFixtures

    @Test func identityOutsideTraining() throws {
        let layer = Dropout(rate: 0.5)
        #expect(layer.typeName == "Dropout" && layer.name == "dropout" && layer.parameters.isEmpty)
        #expect(layer.outputShape(forInputShape: [3, 4]) == [3, 4])
        let x = F.uniform([8, 10], seed: 1)
        #expect(layer(x).scalars == x.scalars)
        #expect(layer(x, training: false).scalars == x.scalars)

        let model = Sequential(inputShape: [10], seed: 2) {
            Dense(6)
            Dropout(0.5)
            Dense(3)
        }
        let viaCall = model(x), viaPredict = try? model.predict(x)
        #expect(viaPredict?.scalars == viaCall.scalars)
        #expect(model(x).scalars == viaCall.scalars, "no randomness outside training")
        #expect(model.forward(x, training: true).scalars != viaCall.scalars, "active in training")
    }

    @Test func trainingKeepsAboutOneMinusRateScaledUp() {
        for rate: Float in [0.2, 0.5, 0.8] {
            let layer = Dropout(rate: rate, seed: 3)
            let x = Tensor(shape: [100, 100], repeating: 2)
            let y = layer(x, training: true).scalars
            let kept = y.filter { $0 != 0 }
            let expected = 2 / (1 - rate)
            #expect(kept.allSatisfy { Swift.abs($0 - expected) < 1e-5 }, "kept units are scaled by 1/(1-rate)")
            let fraction = Float(kept.count) / Float(y.count)
            #expect(Swift.abs(fraction - (1 - rate)) < 0.03, "kept \(fraction) at rate \(rate)")
        }
        let none = Dropout(rate: 0, seed: 1)
        let x = F.uniform([4, 4], seed: 2)
        #expect(none(x, training: true).scalars == x.scalars)
    }

    @Test func theSameSeedGivesTheSameMasks() {
        let x = Tensor(shape: [20, 20], repeating: 1)
        let a = Dropout(rate: 0.5, seed: 11), b = Dropout(rate: 0.5, seed: 11), c = Dropout(rate: 0.5, seed: 12)
        let first = a(x, training: true).scalars
        #expect(first == b(x, training: true).scalars)
        #expect(first != c(x, training: true).scalars)
        #expect(first != a(x, training: true).scalars, "a new mask at every step")

        // Seeded by the model: the same model seed, the same masks, run after run.
        func masks(seed: UInt64) -> [[Float]] {
            let model = Sequential(inputShape: [20], seed: seed) { Dropout(0.5) }
            return (0..<3).map { _ in model.forward(x, training: true).scalars }
        }
        #expect(masks(seed: 5) == masks(seed: 5))
        #expect(masks(seed: 5) != masks(seed: 6))
    }

    @Test func gradientWithAFixedMask() {
        let layer = Dropout(rate: 0.25)
        var generator = RandomGenerator(seed: 0)
        layer.build(inputShape: [3, 4], generator: &generator)
        let mask = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { $0 % 3 == 0 ? 0 : 1 })
        layer.fixedMask = mask
        let x = F.uniform([2, 3, 4], seed: 5)
        let y = layer(x, training: true)
        for (value, (input, keep)) in zip(y.scalars, zip(x.scalars, mask.scalars)) {
            #expect(Swift.abs(value - input * keep / 0.75) < 1e-6)
        }
        let result = F.expectGradient(at: [x]) { layer($0[0], training: true) }
        // The gradient is zero exactly where the mask drops.
        for (gradient, keep) in zip(result.analytic[0].scalars, mask.scalars) where keep == 0 {
            #expect(gradient == 0)
        }
    }
}
