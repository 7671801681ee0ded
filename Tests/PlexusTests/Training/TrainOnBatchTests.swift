import Testing
@testable import Plexus

/// `trainOnBatch`: one step of `fit`'s own kind, returning the loss before the update.
@Suite struct TrainOnBatchTests {
    static func model(seed: UInt64 = 7, optimizer: some Optimizer = Adam(learningRate: 0.05)) -> Sequential {
        let model = Sequential(seed: seed) {
            Dense(5, activation: .relu)
            Dense(3)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: optimizer, metrics: [.accuracy])
        return model
    }

    static let data = TrainingData.blobs(centers: [[0, 0], [3, 3], [0, 4]], count: 4, spread: 1, seed: 3)

    @Test func returnsTheLossBeforeTheUpdate() throws {
        let model = Self.model()
        let (x, y) = (Self.data.x, Self.data.y)
        _ = try model.predict(x)  // builds the model from its seed
        // No Dropout: the training forward pass equals the inference one.
        let before = try model.evaluate(x, y, batchSize: x.shape[0])["loss"]!
        let returned = try model.trainOnBatch(x, y)
        let after = try model.evaluate(x, y, batchSize: x.shape[0])["loss"]!
        #expect(returned == before)
        #expect(after < before)
        #expect(model.optimizer!.step == 1)
        #expect(model.epochsCompleted == 0)
    }

    /// One epoch of one batch in data order is exactly one trainOnBatch: the same step.
    @Test func isOneStepOfFit() throws {
        let (x, y) = (Self.data.x, Self.data.y)
        let fitted = Self.model(optimizer: AdamW(learningRate: 0.05, weightDecay: 0.1))
        let history = try fitted.fit(x, y, epochs: 1, batchSize: x.shape[0], shuffle: false, verbose: .silent)
        let stepped = Self.model(optimizer: AdamW(learningRate: 0.05, weightDecay: 0.1))
        let loss = try stepped.trainOnBatch(x, y)
        #expect(history["loss"] == [loss])
        #expect(fitted.weights.map { $0.scalars.map(\.bitPattern) } == stepped.weights.map { $0.scalars.map(\.bitPattern) })
    }

    /// A regression model's targets are scaled as fit scales them.
    @Test func scalesTargetsAsFitDoes() throws {
        let data = TrainingData.linear(weights: [30, -20], bias: 100, rows: 8, seed: 5)
        func make() -> Sequential {
            let model = Sequential(inputShape: [2], seed: 5) {
                Dense(4, activation: .tanh)
                Dense(1)
            }
            model.outputNormalization = Normalization.fit(data.y, method: .standard)
            model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
            return model
        }
        let history = try make().fit(data.x, data.y, epochs: 1, batchSize: 8, shuffle: false, verbose: .silent)
        #expect(history["loss"] == [try make().trainOnBatch(data.x, data.y)])
    }

    func expectError(_ kind: TrainingError.Kind, mentioning words: [String], _ body: () throws -> Void) {
        FitErrorTests().expectError(kind, mentioning: words, body)
    }

    @Test func badBatchesThrowBeforeAnyChange() throws {
        let model = Self.model()
        try model.trainOnBatch(Tensor.zeros([2, 2]), Tensor([0, 1]))
        let weights = model.weights
        expectError(.notCompiled, mentioning: ["compiled", "trainOnBatch"]) {
            try Sequential(seed: 0) { Dense(1) }.trainOnBatch(Tensor.zeros([2, 2]), Tensor.zeros([2, 1]))
        }
        expectError(.shapeMismatch, mentioning: ["[2]", "[3]"]) { try model.trainOnBatch(Tensor.zeros([2, 3]), Tensor([0, 1])) }
        expectError(.shapeMismatch, mentioning: ["same number of rows"]) { try model.trainOnBatch(Tensor.zeros([2, 2]), Tensor([0])) }
        expectError(.labelOutOfRange, mentioning: ["label 3.0"]) { try model.trainOnBatch(Tensor.zeros([2, 2]), Tensor([0, 3])) }
        expectError(.nonFiniteValue, mentioning: ["non-finite"]) { try model.trainOnBatch(Tensor([[0, .nan]]), Tensor([0])) }
        expectError(.emptyData, mentioning: ["no samples"]) { try model.trainOnBatch(Tensor.zeros([0, 2]), Tensor.zeros([0])) }
        expectError(.shapeMismatch, mentioning: ["batch axis"]) { try model.trainOnBatch(Tensor([1, 2]), Tensor([0, 1])) }
        #expect(model.weights.map(\.scalars) == weights.map(\.scalars))
        #expect(model.optimizer!.step == 1)
    }
}
