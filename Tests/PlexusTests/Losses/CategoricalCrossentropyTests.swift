import Foundation
import Testing
@testable import Plexus

@Suite struct CategoricalCrossentropyLossTests {
    @Test func probabilityValueByHand() {
        // One-hot [1, 0, 0] on [0.5, 0.25, 0.25]: -log 0.5 = 0.69314718.
        // Soft [0.5, 0.5, 0]: -(0.5 log 0.5 + 0.5 log 0.25) = 0.34657359 + 0.69314718 = 1.03972077.
        let loss = CategoricalCrossentropy()
        let p = Tensor([[0.5, 0.25, 0.25], [0.5, 0.25, 0.25]])
        let y = Tensor([[1, 0, 0], [0.5, 0.5, 0]])
        #expect(LossTesting.isClose(loss.perSampleLosses(p, y), [0.69314718, 1.03972077]))
        #expect(LossTesting.isClose(loss(p, y).scalar, (0.69314718 + 1.03972077) / 2))
    }

    @Test func logitValueByHand() {
        // z = [2, 0, 0], y = [1, 0, 0]: log(e² + 2) - 2 = 0.23954477.
        // z = [0, 1, 0], y = [0, 0.5, 0.5]: log(e + 2) - (0.5 * 1 + 0.5 * 0) = 1.55144471 - 0.5 = 1.05144471.
        let loss = CategoricalCrossentropy(fromLogits: true)
        let z = Tensor([[2, 0, 0], [0, 1, 0]])
        let y = Tensor([[1, 0, 0], [0, 0.5, 0.5]])
        #expect(LossTesting.isClose(loss.perSampleLosses(z, y), [0.23954477, 1.05144471]))
        #expect(LossTesting.isClose(loss(z, y).scalar, (0.23954477 + 1.05144471) / 2))
    }

    /// One-hot labels give the sparse loss and gradient, in both forms.
    @Test(arguments: [false, true])
    func oneHotAgreesWithSparse(fromLogits: Bool) {
        let predictions =
            fromLogits
            ? LossTesting.random([6, 5], -4, 4, seed: 31)
            : LossTesting.random([6, 5], 0.01, 0.99, seed: 31)
        let indices = LossTesting.randomLabels(6, classes: 5, seed: 32)
        var oneHot = Tensor.zeros([6, 5])
        for (row, label) in indices.scalars.enumerated() { oneHot[row, Int(label)] = 1 }
        let dense = LossTesting.gradient(of: CategoricalCrossentropy(fromLogits: fromLogits), predictions, oneHot)
        let sparse = LossTesting.gradient(of: SparseCategoricalCrossentropy(fromLogits: fromLogits), predictions, indices)
        #expect(LossTesting.isClose(dense.value, Double(sparse.value)))
        #expect(dense.gradient.isApproximatelyEqual(to: sparse.gradient, tolerance: 1e-6))
    }

    @Test(arguments: [false, true])
    func gradientMatchesFiniteDifferences(fromLogits: Bool) {
        let loss = CategoricalCrossentropy(fromLogits: fromLogits)
        // A smaller step for probabilities: near p = 0.05 the truncation error of a central
        // difference, about (step² / 3) / p², is already 1.3e-2 at step 1e-2.
        let step: Float = fromLogits ? 1e-2 : 1e-3
        let predictions =
            fromLogits
            ? LossTesting.random([4, 3], -3, 3, seed: 41)
            : LossTesting.random([4, 3], 0.05, 0.95, seed: 41)
        let labels = LossTesting.randomSoftLabels(4, classes: 3, seed: 42)
        let check = checkGradient(of: { loss($0[0], labels) }, at: [predictions], epsilon: step)
        #expect(check.maxRelativeError < 1e-2, "\(check)")
    }

    @Test func fusedGradientIsSoftmaxMinusLabelsOverN() {
        let z: [[Double]] = [[2, 0, 0], [0, 1, 0]]
        let (_, gradient) = LossTesting.gradient(
            of: CategoricalCrossentropy(fromLogits: true),
            Tensor(z.map { $0.map(Float.init) }), Tensor([[1, 0, 0], [0, 0, 1]]))
        #expect(LossTesting.isClose(gradient, LossTesting.softmaxMinusOneHot(z, [0, 2]), tolerance: 1e-6))
    }

    @Test func extremeLogitsStayFiniteAndExact() {
        // z = [1e4, -1e4]: label [0, 1] costs 1e4 - (-1e4) = 2e4; label [1, 0] costs 0.
        let loss = CategoricalCrossentropy(fromLogits: true)
        let z = Tensor([[1e4, -1e4], [1e4, -1e4]])
        let y = Tensor([[0, 1], [1, 0]])
        let (value, gradient) = LossTesting.gradient(of: loss, z, y)
        #expect(LossTesting.isClose(loss.perSampleLosses(z, y), [2e4, 0]))
        #expect(LossTesting.isClose(value, 1e4))
        #expect(!gradient.hasNonFiniteValues)
        #expect(LossTesting.isClose(gradient, [0.5, -0.5, 0, 0]))
    }

    @Test func mismatchedShapesStopNamingBoth() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = CategoricalCrossentropy()(Tensor.ones([4, 3]), Tensor.zeros([4]))
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("[4, 3]") && text.contains("[4]"), "\(text)")
        }
    }
}
