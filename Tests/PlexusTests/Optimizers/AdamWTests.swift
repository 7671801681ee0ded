import Testing
@testable import Plexus

@Suite struct AdamWOptimizerTests {
    @Test func defaultsAreKeras() {
        let optimizer = AdamW()
        #expect(optimizer.learningRate == 1e-3 && optimizer.weightDecay == 0.004)
        #expect(optimizer.beta1 == 0.9 && optimizer.beta2 == 0.999 && optimizer.epsilon == 1e-7)
        #expect(optimizer.name == "adamw" && optimizer.slotNames == ["momentum", "velocity"])
    }

    @Test func stepsMatchKerasFormulas() {
        // Step 1: decay w ← w - w · 0.5 · 0.1 = [0.95, -1.9], then Adam's step 1 on the gradient
        // [0.5, -1] moves each weight by -alpha m / (√v + ε) = [-0.0999994, 0.0999997]:
        // [0.850000632452, -1.80000031623]. Steps 2 and 3 from the float64 reference script.
        let optimizer = AdamW(learningRate: 0.1, weightDecay: 0.5)
        let (values, parameter) = OptimizerTesting.run(optimizer)
        #expect(
            OptimizerTesting.matches(
                values,
                [
                    [0.850000632452, -1.80000031623],
                    [0.714283164476, -1.74661060134],
                    [0.686766658316, -1.70084513386],
                ]))
        #expect(optimizer.step == 3)
        // The moments do not see the decay: they are Adam's.
        #expect(
            OptimizerTesting.matches(optimizer.state(for: parameter).map(\.scalars), [[-0.012, 0.149], [0.00087443775, 0.005244001]]))
    }

    @Test func noDecayIsAdamBitForBit() {
        let (adamW, _) = OptimizerTesting.run(AdamW(learningRate: 0.1, weightDecay: 0))
        let (adam, _) = OptimizerTesting.run(Adam(learningRate: 0.1))
        #expect(adamW.map { $0.map(\.bitPattern) } == adam.map { $0.map(\.bitPattern) })
    }

    /// The decay uses the learning rate of its own step, as a schedule sets it.
    @Test func decayFollowsTheLearningRate() {
        let optimizer = AdamW(learningRate: 0.1, weightDecay: 0.5)
        let w = Parameter(Tensor([2]), name: "w")
        var gradients = Gradients()
        gradients[w] = Tensor([0])  // a zero gradient: only the decay moves w
        optimizer.learningRate = 0.2
        optimizer.update([w], with: gradients)
        #expect(w.value.scalars == [2 - 2 * 0.5 * 0.2])
    }

    @Test func resumesFromSavedState() {
        let (expected, _) = OptimizerTesting.run(AdamW(learningRate: 0.1, weightDecay: 0.5))
        #expect(OptimizerTesting.runResumed { AdamW(learningRate: 0.1, weightDecay: 0.5) } == expected)
    }

    @Test func negativeWeightDecayStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AdamW(weightDecay: -0.1)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("adamw") && text.contains("weight decay"), "\(text)")
        }
    }

    @Test func wrongStateNamesAdamW() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            AdamW().setState([Tensor.zeros([2])], for: Parameter(Tensor([1, 2]), name: "bias"))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("adamw keeps 2 slots"), "\(text)")
        }
    }
}
