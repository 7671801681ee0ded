import Testing
@testable import Plexus

@Suite struct MeanSquaredErrorLossTests {
    let loss = MeanSquaredError()

    @Test func valueByHand() {
        // Row 0: ((1-1)² + (2-1)²) / 2 = 0.5; row 1: ((3-3)² + (5-3)²) / 2 = 2; mean 1.25.
        let predictions = Tensor([[1, 2], [3, 5]])
        let labels = Tensor([[1, 1], [3, 3]])
        #expect(loss(predictions, labels).scalar == 1.25)
        #expect(loss.perSampleLosses(predictions, labels) == Tensor([0.5, 2]))
        #expect(loss.name == "mean_squared_error")
    }

    @Test func labelsWithOrWithoutTrailingAxis() {
        // ((1-2)² + (3-0)²) / 2 = (1 + 9) / 2 = 5.
        let predictions = Tensor([[1], [3]])
        #expect(loss(predictions, Tensor([2, 0])).scalar == 5)
        #expect(loss(predictions, Tensor([[2], [0]])).scalar == 5)
        #expect(loss(Tensor([1, 3]), Tensor([[2], [0]])).scalar == 5)
        #expect(loss.perSampleLosses(predictions, Tensor([2, 0])) == Tensor([1, 9]))
    }

    @Test func gradientByHand() {
        // d/dp of mean((p - y)²) over 4 elements: 2 (p - y) / 4.
        let (_, gradient) = LossTesting.gradient(of: loss, Tensor([[1, 2], [3, 5]]), Tensor([[1, 1], [3, 3]]))
        #expect(gradient == Tensor([[0, 0.5], [0, 1]]))
    }

    @Test func gradientMatchesFiniteDifferences() {
        let predictions = LossTesting.random([4, 3], -2, 2, seed: 1)
        let labels = LossTesting.random([4, 3], -2, 2, seed: 2)
        let result = checkGradient(of: { loss($0[0], $0[1]) }, at: [predictions, labels])
        // Input 0 only: labels get no gradient from the loss.
        let check = checkGradient(of: { loss($0[0], labels) }, at: [predictions])
        #expect(check.maxRelativeError < 1e-2, "\(check)")
        #expect(result.analytic[1] == Tensor.zeros([4, 3]))
    }

    @Test func higherRankAveragesEveryElement() {
        let predictions = LossTesting.random([2, 3, 4], -1, 1, seed: 3)
        let labels = LossTesting.random([2, 3, 4], -1, 1, seed: 4)
        let expected =
            zip(predictions.scalars, labels.scalars)
            .map { Double($0 - $1) * Double($0 - $1) }.reduce(0, +) / 24
        #expect(LossTesting.isClose(loss(predictions, labels).scalar, expected))
        #expect(loss.perSampleLosses(predictions, labels).shape == [2, 3])
    }

    @Test func mismatchedShapesStopNamingBoth() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MeanSquaredError()(Tensor.zeros([4, 3]), Tensor.zeros([4, 2]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("[4, 3]") && text.contains("[4, 2]"), "\(text)")
        }
    }
}
