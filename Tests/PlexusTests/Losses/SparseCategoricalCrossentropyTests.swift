import Foundation
import Testing
@testable import Plexus

@Suite struct SparseCategoricalCrossentropyLossTests {
    @Test func logitValueByHand() {
        // Row 0, z = [2, 0, 0], label 0: log(e² + 1 + 1) - 2 = log 9.3890561 - 2 = 0.23954477.
        // Row 1, z = [0, 1, 0], label 2: log(1 + e + 1) - 0 = log 4.7182818 = 1.55144471.
        // Mean: (0.23954477 + 1.55144471) / 2 = 0.89549474.
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let z = Tensor([[2, 0, 0], [0, 1, 0]])
        #expect(LossTesting.isClose(loss(z, Tensor([0, 2])).scalar, 0.89549474))
        #expect(LossTesting.isClose(loss(z, Tensor([[0], [2]])).scalar, 0.89549474))
        #expect(LossTesting.isClose(loss.perSampleLosses(z, Tensor([0, 2])), [0.23954477, 1.55144471]))
    }

    @Test func probabilityValueByHand() {
        // Row 0, label 0: -log 0.5 = 0.69314718.  Row 1, label 2: -log 0.6 = 0.51082562.
        // Mean: (0.69314718 + 0.51082562) / 2 = 0.60198640.
        let loss = SparseCategoricalCrossentropy()
        let p = Tensor([[0.5, 0.25, 0.25], [0.2, 0.2, 0.6]])
        #expect(LossTesting.isClose(loss(p, Tensor([0, 2])).scalar, 0.60198640))
        #expect(LossTesting.isClose(loss(p, Tensor([[0], [2]])).scalar, 0.60198640))
        // Rows are renormalised (softmax of the log): [0.2, 0.2, 0.1] sums to 0.5, so
        // label 0 costs -log(0.2 / 0.5) = -log 0.4 = 0.91629073.
        #expect(LossTesting.isClose(loss(Tensor([[0.2, 0.2, 0.1]]), Tensor([0])).scalar, 0.91629073))
    }

    @Test func probabilitiesAreClipped() {
        // [1, 0, 0] clips to [1 - 1e-7, 1e-7, 1e-7] (sum 1 + 1e-7): label 1 costs
        // -log(1e-7 / (1 + 1e-7)) = 16.1180957 + 1e-7 ≈ 16.1180958; label 0 about 2e-7.
        let loss = SparseCategoricalCrossentropy()
        let p = Tensor([[1, 0, 0]])
        #expect(LossTesting.isClose(loss(p, Tensor([1])).scalar, 16.1180958))
        #expect(Swift.abs(loss(p, Tensor([0])).scalar) < 1e-6)
        // p = [0.5, 0, 1] with label 1 clips to q = [0.5, 1e-7, 1 - 1e-7], sum(q) = 1.5.
        // The clipped p_1 and p_2 get no gradient; d/dp_0 of log(sum q) - log(q_1) = 1 / 1.5.
        let (_, gradient) = LossTesting.gradient(of: loss, Tensor([[0.5, 0, 1]]), Tensor([1]))
        #expect(gradient[0, 1] == 0 && gradient[0, 2] == 0)
        #expect(LossTesting.isClose(gradient[0, 0], 1 / 1.5))
    }

    @Test func fusedGradientIsSoftmaxMinusOneHotOverN() {
        let z: [[Double]] = [[2, 0, 0], [0, 1, 0], [-1, 0.5, 3]]
        let labels = [0, 2, 1]
        let (_, gradient) = LossTesting.gradient(
            of: SparseCategoricalCrossentropy(fromLogits: true),
            Tensor(z.map { $0.map(Float.init) }), Tensor(labels.map(Float.init)))
        #expect(LossTesting.isClose(gradient, LossTesting.softmaxMinusOneHot(z, labels), tolerance: 1e-6))
    }

    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(fromLogits: Bool) {
        let loss = SparseCategoricalCrossentropy(fromLogits: fromLogits)
        // A smaller step for probabilities: near p = 0.05 the truncation error of a central
        // difference, about (step² / 3) / p², is already 1.3e-2 at step 1e-2.
        let step: Float = fromLogits ? 1e-2 : 1e-3
        let predictions =
            fromLogits
            ? LossTesting.random([5, 4], -3, 3, seed: 21)
            : LossTesting.random([5, 4], 0.05, 0.95, seed: 21)
        for labels in [LossTesting.randomLabels(5, classes: 4, seed: 22), LossTesting.randomLabels(5, classes: 4, seed: 23)] {
            let check = checkGradient(of: { loss($0[0], labels) }, at: [predictions], epsilon: step)
            #expect(check.maxRelativeError < 1e-2, "\(check)")
            let column = Tensor(shape: [5, 1], scalars: labels.scalars)
            let checkColumn = checkGradient(of: { loss($0[0], column) }, at: [predictions], epsilon: step)
            #expect(checkColumn.maxRelativeError < 1e-2, "\(checkColumn)")
        }
    }

    @Test func extremeLogitsStayFiniteAndExact() {
        // z = [1e4, -1e4, 0]: logsumexp = 1e4 (+ log(1 + e^-1e4 + e^-1e4) = 0).
        // Label 1: 1e4 - (-1e4) = 2e4.  Label 0: 1e4 - 1e4 = 0.
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let z = Tensor([[1e4, -1e4, 0], [1e4, -1e4, 0]])
        let y = Tensor([1, 0])
        let (value, gradient) = LossTesting.gradient(of: loss, z, y)
        #expect(LossTesting.isClose(loss.perSampleLosses(z, y), [2e4, 0]))
        #expect(LossTesting.isClose(value, 1e4))
        #expect(!gradient.hasNonFiniteValues)
        // softmax = [1, 0, 0]: row 0 (label 1) [1, -1, 0] / 2, row 1 (label 0) [0, 0, 0].
        #expect(LossTesting.isClose(gradient, [0.5, -0.5, 0, 0, 0, 0]))
    }

    @Test func labelOutOfRangeStopsNamingItAndTheClasses() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SparseCategoricalCrossentropy(fromLogits: true)(Tensor.zeros([2, 10]), Tensor([3, 12]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("label 12 is outside the 10 classes 0..<10"), "\(text)")
        }
    }

    @Test func negativeLabelStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SparseCategoricalCrossentropy()(Tensor.ones([1, 3]), Tensor([-1]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("label -1 is outside the 3 classes 0..<3"), "\(text)")
        }
    }

    @Test func fractionalLabelStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SparseCategoricalCrossentropy()(Tensor.ones([1, 3]), Tensor([1.5]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("label 1.5 is not a class index"), "\(text)")
        }
    }

    @Test func mismatchedShapesStopNamingBoth() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SparseCategoricalCrossentropy()(Tensor.ones([4, 3]), Tensor.zeros([3]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("[3]") && text.contains("[4, 3]"), "\(text)")
        }
    }
}
