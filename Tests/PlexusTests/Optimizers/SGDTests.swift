import Testing
@testable import Plexus

@Suite struct SGDOptimizerTests {
    @Test func plainStepsByHand() {
        // w -= 0.1 g: [1 - 0.05, -2 + 0.1] = [0.95, -1.9]; [0.95 - 0.025, -1.9 - 0.2] = [0.925, -2.1];
        // [0.925 + 0.075, -2.1 - 0.05] = [1.0, -2.15].
        let optimizer = SGD(learningRate: 0.1)
        let (values, parameter) = OptimizerTesting.run(optimizer)
        #expect(OptimizerTesting.matches(values, [[0.95, -1.9], [0.925, -2.1], [1.0, -2.15]]))
        #expect(optimizer.step == 3)
        #expect(optimizer.slotNames.isEmpty)
        #expect(optimizer.state(for: parameter).isEmpty)
    }

    @Test func defaults() {
        let optimizer = SGD()
        #expect(optimizer.learningRate == 0.01 && optimizer.momentum == 0 && !optimizer.nesterov)
    }

    @Test func momentumStepsByHand() {
        // m ← 0.9 m - 0.1 g; w ← w + m.
        // Step 1: m = [-0.05, 0.1], w = [0.95, -1.9].
        // Step 2: m = [-0.045 - 0.025, 0.09 - 0.2] = [-0.07, -0.11], w = [0.88, -2.01].
        // Step 3: m = [-0.063 + 0.075, -0.099 - 0.05] = [0.012, -0.149], w = [0.892, -2.159].
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        let (values, parameter) = OptimizerTesting.run(optimizer)
        #expect(OptimizerTesting.matches(values, [[0.95, -1.9], [0.88, -2.01], [0.892, -2.159]]))
        #expect(optimizer.slotNames == ["momentum"])
        #expect(OptimizerTesting.matches([optimizer.state(for: parameter)[0].scalars], [[0.012, -0.149]]))
    }

    @Test func nesterovStepsByHand() {
        // Same m as above; w ← w + 0.9 m - 0.1 g with the new m.
        // Step 1: w = [1 - 0.045 - 0.05, -2 + 0.09 + 0.1] = [0.905, -1.81].
        // Step 2: w = [0.905 - 0.063 - 0.025, -1.81 - 0.099 - 0.2] = [0.817, -2.109].
        // Step 3: w = [0.817 + 0.0108 + 0.075, -2.109 - 0.1341 - 0.05] = [0.9028, -2.2931].
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        let (values, _) = OptimizerTesting.run(optimizer)
        #expect(OptimizerTesting.matches(values, [[0.905, -1.81], [0.817, -2.109], [0.9028, -2.2931]]))
    }

    @Test func learningRateChangesBetweenSteps() {
        // Learning rates 0.1, 0.05, 0.2 with momentum 0.9:
        // Step 2: m = [-0.045 - 0.0125, 0.09 - 0.1] = [-0.0575, -0.01], w = [0.8925, -1.91].
        // Step 3: m = [-0.05175 + 0.15, -0.009 - 0.1] = [0.09825, -0.109], w = [0.99075, -2.019].
        let optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        let (values, _) = OptimizerTesting.run(optimizer, learningRates: [0.1, 0.05, 0.2])
        #expect(OptimizerTesting.matches(values, [[0.95, -1.9], [0.8925, -1.91], [0.99075, -2.019]]))
    }

    @Test func skipsFrozenParametersAndMissingGradients() {
        let optimizer = SGD(learningRate: 0.1)
        let frozen = Parameter(Tensor([1, 2]), name: "frozen", isTrainable: false)
        let ungraded = Parameter(Tensor([3, 4]), name: "ungraded")
        var gradients = Gradients()
        gradients[frozen] = Tensor([1, 1])
        optimizer.update([frozen, ungraded], with: gradients)
        #expect(frozen.value == Tensor([1, 2]))
        #expect(ungraded.value == Tensor([3, 4]))
        #expect(optimizer.step == 1)
    }

    @Test func updateUsesEachParametersOwnGradient() {
        let optimizer = SGD(learningRate: 0.5)
        let w = Parameter(Tensor([1, 2]), name: "w")
        w.gradient = Tensor([2, -2])
        optimizer.update([w])
        #expect(w.value == Tensor([0, 3]))
    }

    @Test func stepFromBackward() {
        // The cost (w - 3)² summed has gradient 2 (w - 3): [-4, 2] at w = [1, 4].
        let w = Parameter(Tensor([1, 4]), name: "w")
        let (_, gradients) = valueWithGradient(for: [w]) {
            MeanSquaredError()(w.tensor, Tensor([3, 3]))  // mean over 2: gradient (w - 3)
        }
        SGD(learningRate: 0.5).update([w], with: gradients)
        #expect(w.value == Tensor([2, 3.5]))
    }

    @Test func wrongGradientShapeStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter(Tensor([1, 2]), name: "kernel")
            var gradients = Gradients()
            gradients[w] = Tensor([1, 2, 3])
            SGD().update([w], with: gradients)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("[3]") && text.contains("[2]") && text.contains("kernel"), "\(text)")
        }
    }
}
