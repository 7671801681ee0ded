import Testing
@testable import Plexus

@Suite struct RMSpropOptimizerTests {
    @Test func defaults() {
        let optimizer = RMSprop()
        #expect(optimizer.learningRate == 1e-3 && optimizer.rho == 0.9 && optimizer.epsilon == 1e-7)
        #expect(optimizer.slotNames == ["velocity"])
    }

    @Test func stepsMatchKerasFormulas() {
        // Step 1: v = 0.1 g² = [0.025, 0.1]; w -= 0.01 g / √(v + 1e-7)
        //   = [1 - 0.005 / 0.158114201, -2 + 0.01 / 0.316227924] = [0.968377286644, -1.96837723921].
        // Steps 2 and 3 from the float64 reference script; v ends at [0.082125, 0.466].
        let optimizer = RMSprop(learningRate: 0.01)
        let (values, parameter) = OptimizerTesting.run(optimizer)
        #expect(
            OptimizerTesting.matches(
                values,
                [
                    [0.968377286644, -1.96837723921],
                    [0.95363311667, -1.99694866487],
                    [0.979804296866, -2.00427314827],
                ]))
        #expect(OptimizerTesting.matches([optimizer.state(for: parameter)[0].scalars], [[0.082125, 0.466]]))
    }

    @Test func learningRateChangesBetweenSteps() {
        let optimizer = RMSprop(learningRate: 0.01)
        let (values, _) = OptimizerTesting.run(optimizer, learningRates: [0.01, 0.001, 0.1])
        #expect(
            OptimizerTesting.matches(
                values,
                [
                    [0.968377286644, -1.96837723921],
                    [0.966902869646, -1.97123438178],
                    [1.2286146716, -2.04447921583],
                ]))
    }

    /// A new parameter gets fresh zero slots; forgetting the state restarts from zeros.
    @Test func slotsArePerParameter() {
        let optimizer = RMSprop(learningRate: 0.01)
        let (_, first) = OptimizerTesting.run(optimizer)
        let (values, second) = OptimizerTesting.run(optimizer)
        #expect(OptimizerTesting.matches([values[0]], [[0.968377286644, -1.96837723921]]))
        #expect(OptimizerTesting.matches([optimizer.state(for: first)[0].scalars], [[0.082125, 0.466]]))
        optimizer.setState([], for: second)
        #expect(optimizer.state(for: second).isEmpty)
    }
}
