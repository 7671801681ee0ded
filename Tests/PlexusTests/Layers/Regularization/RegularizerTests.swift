import Testing
@testable import Plexus

@Suite struct RegularizerTests {
    let w = Tensor([[1, -2], [3, 0.5]])

    /// Keras's formulas: l1 * sum(|w|), l2 * sum(w^2), and their sum for L1L2.
    @Test func penaltiesAreKerasFormulasByHand() {
        #expect(abs(Regularizer.l1(0.1).penalty(w).scalar - 0.65) < 1e-6)  // 0.1 * 6.5
        #expect(abs(Regularizer.l2(0.01).penalty(w).scalar - 0.1425) < 1e-6)  // 0.01 * 14.25
        #expect(abs(Regularizer.l1l2(l1: 0.1, l2: 0.01).penalty(w).scalar - 0.7925) < 1e-6)
        #expect(Regularizer.l2() == .l2(0.01))
    }

    @Test func penaltyGradientsMatchFiniteDifferences() {
        let start = awayFromZero([3, 4], seed: 11)
        expectGradient(at: [start]) { Regularizer.l1l2(l1: 0.3, l2: 0.7).penalty($0[0]) }
    }

    @Test func layerListsTakePenaltyOptions() throws {
        let layers = try LayerSpecification.parse("conv:8:3:relu:l1=1e-5,flatten,64:relu:l2=0.001,dense:3:l1=0.1:l2=0.2,2")
        #expect((layers[0] as? Conv2D)?.kernelRegularizer == .l1(1e-5))
        #expect((layers[0] as? Conv2D)?.activation == .relu)
        #expect((layers[2] as? Dense)?.kernelRegularizer == .l2(0.001))
        #expect((layers[3] as? Dense)?.kernelRegularizer == .l1l2(l1: 0.1, l2: 0.2))
        #expect((layers[4] as? Dense)?.kernelRegularizer == nil)
        for bad in ["64:relu:l3=1", "64:relu:l2=-1", "64:l2=nan", "64:relu:l2=", "conv:8:3:l2=x"] {
            #expect(throws: TrainingError.self, "\(bad)") { try LayerSpecification.parse(bad) }
        }
    }

    @Test func penaltiesAreSavedAndRead() throws {
        let dense = Dense(4, kernelRegularizer: .l1l2(l1: 0.25, l2: 0.5))
        let rebuilt = try Dense(settings: dense.settings, name: "d")
        #expect(rebuilt.kernelRegularizer == .l1l2(l1: 0.25, l2: 0.5))
        var settings = dense.settings
        settings.set("kernelRegularizer", .object(["l2": .number(-1)]))
        #expect(throws: LayerSettingsError.self) { try Dense(settings: settings, name: "d") }
    }

    /// As Keras's evaluate, the reported loss is the data loss plus the layers' penalties.
    @Test func evaluatedLossIncludesThePenalties() throws {
        let model = Sequential(inputShape: [2], seed: 4) {
            Dense(3, activation: .tanh, kernelRegularizer: .l2(0.05))
            Dense(1, kernelRegularizer: .l1(0.02))
        }
        model.compile(loss: .meanSquaredError, optimizer: SGD())
        let x = Tensor([[0.5, -1], [2, 0.25], [-1, 1]]), y = Tensor([[1], [0], [2]])
        let dataLoss = MeanSquaredError()(try model.predict(x), y).scalar
        let kernels = model.layers.map { $0.parameters[0].value }
        let penalty = 0.05 * kernels[0].squared().sum().scalar + 0.02 * abs(kernels[1]).sum().scalar
        let scores = try model.evaluate(x, y)
        #expect(abs(scores["loss"]! - (dataLoss + penalty)) < 1e-5)
        #expect(abs(model.regularizationPenalty()!.scalar - penalty) < 1e-6)
    }
}

@Suite struct RegularizedTrainingTests {
    /// trainOnBatch returns data loss + penalties before the step, and the step follows the
    /// penalty's gradient too: with SGD, w' = w - lr * (dL/dw + 2 * l2 * w).
    @Test func theTrainingStepMinimisesAndReportsThePenalty() throws {
        let x = Tensor([[0.5, -1], [2, 0.25], [-1, 1]]), y = Tensor([[1], [0], [2]])
        func model(_ regularizer: Regularizer?) -> Sequential {
            let model = Sequential(inputShape: [2], seed: 9) { Dense(1, kernelRegularizer: regularizer) }
            model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            return model
        }
        let plain = model(nil), penalised = model(.l2(0.5))
        let kernel = penalised.layers[0].parameters[0].value
        let penalty = 0.5 * kernel.squared().sum().scalar
        let plainLoss = try plain.trainOnBatch(x, y)
        let penalisedLoss = try penalised.trainOnBatch(x, y)
        #expect(abs(penalisedLoss - (plainLoss + penalty)) < 1e-5)
        let expected = plain.layers[0].parameters[0].value - kernel * (0.1 * 2 * 0.5)
        let after = penalised.layers[0].parameters[0].value
        for (a, b) in zip(after.scalars, expected.scalars) { #expect(abs(a - b) < 1e-6) }
    }
}
