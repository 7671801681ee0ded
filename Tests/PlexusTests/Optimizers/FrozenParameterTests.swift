import Testing
@testable import Plexus

/// Parameters with `isTrainable == false` (BatchNormalization's moving statistics, frozen
/// layers) are never changed by an optimizer, even when a gradient for them is passed, and get
/// no optimizer state.
@Suite struct FrozenParameterTests {
    static let optimizers: [@Sendable () -> any Optimizer] = [
        { SGD(learningRate: 0.1) }, { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) },
        { Adam(learningRate: 0.1) }, { RMSprop(learningRate: 0.1) }, { AdamW(learningRate: 0.1, weightDecay: 0.5) },
    ]

    @Test(arguments: 0..<optimizers.count)
    func optimizerLeavesFrozenParametersAlone(index: Int) {
        let optimizer = Self.optimizers[index]()
        let frozen = Parameter(Tensor([1, -2, 3]), name: "moving_mean", isTrainable: false)
        let trained = Parameter(Tensor([1, -2, 3]), name: "kernel")
        var gradients = Gradients()
        gradients[frozen] = Tensor([0.5, 0.5, 0.5])
        gradients[trained] = Tensor([0.5, 0.5, 0.5])
        for _ in 0..<3 { optimizer.update([frozen, trained], with: gradients) }
        #expect(frozen.value.scalars == [1, -2, 3], "\(optimizer.name)")
        #expect(optimizer.state(for: frozen).isEmpty, "\(optimizer.name)")
        #expect(trained.value.scalars != [1, -2, 3], "\(optimizer.name)")
    }

    /// Through a model: fit and trainOnBatch leave a frozen kernel exactly as it was.
    @Test(arguments: 0..<optimizers.count)
    func trainingLeavesAFrozenKernelAlone(index: Int) throws {
        let data = TrainingData.linear(weights: [1, -2], bias: 0.5, rows: 16, seed: 4)
        let model = Sequential(inputShape: [2], seed: 4) {
            Dense(3, activation: .tanh)
            Dense(1)
        }
        let kernel = model.parameters[0]
        kernel.isTrainable = false
        let before = kernel.value.scalars
        model.compile(loss: .meanSquaredError, optimizer: Self.optimizers[index]())
        try model.fit(data.x, data.y, epochs: 2, batchSize: 4, verbose: .silent)
        try model.trainOnBatch(data.x, data.y)
        #expect(kernel.value.scalars == before)
        #expect(model.optimizer!.state(for: kernel).isEmpty)
        #expect(model.parameters[1].value.scalars != [0, 0, 0])  // the bias did train
    }
}
