import Foundation
import Testing
@testable import Plexus

@Suite struct BinaryCrossentropyLossTests {
    @Test func probabilityValueByHand() {
        // Row 0: -log 0.8 = 0.22314355, -log(1 - 0.4) = 0.51082562; mean 0.36698459.
        // Row 1: -log 0.5 = 0.69314718, -log 0.9 = 0.10536052; mean 0.39925385.
        // Batch mean: (0.36698459 + 0.39925385) / 2 = 0.38311922.
        let loss = BinaryCrossentropy()
        let p = Tensor([[0.8, 0.4], [0.5, 0.9]])
        let y = Tensor([[1, 0], [1, 1]])
        #expect(LossTesting.isClose(loss(p, y).scalar, 0.38311922))
        #expect(LossTesting.isClose(loss.perSampleLosses(p, y), [0.36698459, 0.39925385]))
    }

    @Test func logitValueByHand() {
        // z = 0, y = 1: max(0,0) - 0 + log(1 + e⁰) = log 2 = 0.69314718.
        // z = 2, y = 0: 2 - 0 + log(1 + e⁻²) = 2 + 0.12692801 = 2.12692801.
        // Mean: (0.69314718 + 2.12692801) / 2 = 1.41003760.
        let loss = BinaryCrossentropy(fromLogits: true)
        #expect(LossTesting.isClose(loss(Tensor([[0], [2]]), Tensor([[1], [0]])).scalar, 1.41003760))
        #expect(LossTesting.isClose(loss(Tensor([[0], [2]]), Tensor([1, 0])).scalar, 1.41003760))
        #expect(LossTesting.isClose(loss(Tensor([0, 2]), Tensor([1, 0])).scalar, 1.41003760))
        // The probability form on sigmoid(z) agrees: sigmoid(2) = 0.88079708.
        #expect(LossTesting.isClose(BinaryCrossentropy()(Tensor([[0.5], [0.88079708]]), Tensor([1, 0])).scalar, 1.41003760))
    }

    @Test func probabilitiesAreClippedAndClippedOnesGetNoGradient() {
        // p = 0, y = 1: -log(1e-7) = 16.1180957; p = 0.5, y = 0: -log 0.5 = 0.69314718.
        let loss = BinaryCrossentropy()
        let (value, gradient) = LossTesting.gradient(of: loss, Tensor([[0, 0.5]]), Tensor([[1, 0]]))
        #expect(LossTesting.isClose(value, (16.1180957 + 0.69314718) / 2))
        // d/dp at p = 0.5, y = 0: (p - y) / (p (1 - p)) / 2 elements = 0.5 / 0.25 / 2 = 1.
        #expect(gradient == Tensor([[0, 1]]))
        // p = 1, y = 0 is clipped to 1 - 1e-7 (in Float32, 1 - 1.1920929e-7): -log(1.1920929e-7) = 15.9423847.
        #expect(LossTesting.isClose(loss(Tensor([[1]]), Tensor([[0]])).scalar, 15.9423847))
        #expect(LossTesting.gradient(of: loss, Tensor([[1.5]]), Tensor([[0]])).gradient == Tensor([[0]]))
    }

    @Test func multiLabelAveragesTheLastAxis() {
        // [N, K] labels: each sample is the mean of its K element losses.
        let loss = BinaryCrossentropy(fromLogits: true)
        let z = Tensor([[0, 2, -1], [1, 1, 1]])
        let y = Tensor([[1, 0, 0], [1, 1, 0]])
        func element(_ z: Double, _ y: Double) -> Double { Swift.max(z, 0) - z * y + Foundation.log(1 + Foundation.exp(-Swift.abs(z))) }
        let row0 = (element(0, 1) + element(2, 0) + element(-1, 0)) / 3
        let row1 = (element(1, 1) + element(1, 1) + element(1, 0)) / 3
        #expect(LossTesting.isClose(loss.perSampleLosses(z, y), [row0, row1]))
        #expect(LossTesting.isClose(loss(z, y).scalar, (row0 + row1) / 2))
    }

    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(fromLogits: Bool) {
        let loss = BinaryCrossentropy(fromLogits: fromLogits)
        // A smaller step for probabilities: near p = 0.05 the truncation error of a central
        // difference, about (step² / 3) / p², is already 1.3e-2 at step 1e-2.
        let step: Float = fromLogits ? 1e-2 : 1e-3
        let predictions =
            fromLogits
            ? LossTesting.random([4, 3], -3, 3, seed: 11)
            : LossTesting.random([4, 3], 0.05, 0.95, seed: 11)
        let labels = LossTesting.random([4, 3], 0, 1, seed: 12)  // soft labels too
        let check = checkGradient(of: { loss($0[0], labels) }, at: [predictions], epsilon: step)
        #expect(check.maxRelativeError < 1e-2, "\(check)")
    }

    @Test func logitGradientIsSigmoidMinusLabelOverCount() {
        // sigmoid(0) - 1 = -0.5, sigmoid(2) - 0 = 0.88079708; over 2 elements.
        let (_, gradient) = LossTesting.gradient(of: BinaryCrossentropy(fromLogits: true), Tensor([[0], [2]]), Tensor([1, 0]))
        #expect(LossTesting.isClose(gradient, [-0.25, 0.44039854]))
    }

    @Test func extremeLogitsStayFiniteAndExact() {
        let loss = BinaryCrossentropy(fromLogits: true)
        // z = 1e4, y = 0: 1e4 - 0 + log(1 + e^-1e4) = 1e4.  z = -1e4, y = 1: 0 + 1e4 + 0 = 1e4.
        // z = 1e4, y = 1: 1e4 - 1e4 + 0 = 0.
        let z = Tensor([[1e4], [-1e4], [1e4]])
        let y = Tensor([0, 1, 1])
        let (value, gradient) = LossTesting.gradient(of: loss, z, y)
        #expect(LossTesting.isClose(loss.perSampleLosses(z, y), [1e4, 1e4, 0]))
        #expect(LossTesting.isClose(value, 2e4 / 3))
        #expect(!gradient.hasNonFiniteValues)
        // sigmoid(1e4) - 0 = 1, sigmoid(-1e4) - 1 = -1, sigmoid(1e4) - 1 = 0; over 3 samples.
        #expect(LossTesting.isClose(gradient, [1.0 / 3, -1.0 / 3, 0]))
    }

    @Test func mismatchedShapesStopNamingBoth() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = BinaryCrossentropy()(Tensor.zeros([3, 2]), Tensor.zeros([3]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("[3, 2]") && text.contains("[3]"), "\(text)")
        }
    }
}
