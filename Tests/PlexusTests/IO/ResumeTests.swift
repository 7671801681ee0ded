import Foundation
import Testing
@testable import Plexus

/// Checkpoints: training continued from a loaded checkpoint equals the uninterrupted run.
@Suite struct ResumeTests {
    /// 4 epochs straight against 2, save, load, 2 more: same weights and history, bit for bit.
    func checkResume(makeModel: () -> (model: Sequential, x: Tensor, y: Tensor), validationSplit: Float) throws {
        let straight = makeModel()
        let full = try straight.model.fit(
            straight.x, straight.y, epochs: 4, batchSize: 5, validationSplit: validationSplit, verbose: .silent)

        let first = makeModel()
        let firstHalf = try first.model.fit(first.x, first.y, epochs: 2, batchSize: 5, validationSplit: validationSplit, verbose: .silent)
        let path = try IOTestSupport.folder() + "/run.ckpt"
        try first.model.save(to: path, includeOptimizer: true)
        let resumed = try Sequential.load(from: path)
        #expect(resumed.epochsCompleted == 2)
        #expect(resumed.optimizer?.step == first.model.optimizer?.step)
        let secondHalf = try resumed.fit(first.x, first.y, epochs: 2, batchSize: 5, validationSplit: validationSplit, verbose: .silent)

        #expect(secondHalf.epochs == [2, 3])
        for name in full.names {
            #expect(full[name].map(\.bitPattern) == (firstHalf[name] + secondHalf[name]).map(\.bitPattern), "\(name)")
        }
        for (a, b) in zip(straight.model.weights, resumed.weights) {
            #expect(IOTestSupport.bits(a) == IOTestSupport.bits(b))
        }
    }

    @Test func adamDenseModelResumesExactly() throws {
        try checkResume(
            makeModel: {
                let data = TrainingData.blobs(centers: [[0, 0], [3, 3], [0, 4]], count: 12, spread: 1, seed: 8)
                let model = Sequential(inputShape: [2], seed: 8) {
                    Dense(7, activation: .relu)
                    Dense(3)
                }
                model.inputNormalization = Normalization.fit(data.x)
                model.compile(
                    loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
                return (model, data.x, data.y)
            }, validationSplit: 0.25)
    }

    /// Nesterov SGD, convolutions, pooling and Dropout, with target scaling: the Dropout masks
    /// of epochs 3 and 4 must be the uninterrupted run's.
    @Test func convModelWithDropoutResumesExactly() throws {
        try checkResume(makeModel: { IOTestSupport.convModel() }, validationSplit: 0)
    }

    @Test func rmspropCheckpointHoldsNamedSlots() throws {
        let data = TrainingData.linear(weights: [1, -2], bias: 0.5, rows: 20, seed: 2)
        let model = Sequential(inputShape: [2], seed: 2) {
            Dense(3, activation: .tanh)
            Dense(1)
        }
        model.compile(loss: .meanSquaredError, optimizer: RMSprop())
        try model.fit(data.x, data.y, epochs: 1, verbose: .silent)
        let path = try IOTestSupport.folder() + "/rms.ckpt"
        try model.save(to: path, includeOptimizer: true)
        let (tensors, metadata) = try Safetensors.read(path)
        #expect(tensors["optimizer.dense.kernel.velocity"]?.shape == [2, 3])
        #expect(tensors["optimizer.dense_1.bias.velocity"]?.shape == [1])
        #expect(metadata["training"] == "{\"dropout_generators\":[],\"epochs_completed\":1,\"optimizer_step\":1}")
        let loaded = try Sequential.load(from: path)
        let parameter = loaded.trainableParameters[0]
        #expect(
            IOTestSupport.bits(loaded.optimizer!.state(for: parameter)[0])
                == IOTestSupport.bits(tensors["optimizer.dense.kernel.velocity"]!))
    }
}

/// `ModelCheckpoint`: every epoch, or the best only.
@Suite struct ModelCheckpointTests {
    @Test func savesEveryEpochWithItsNumber() throws {
        let (model, x, y) = try IOTestSupport.trainedDenseModel()
        let folder = try IOTestSupport.folder()
        let checkpoint = ModelCheckpoint(path: folder + "/epoch-{epoch}.plexus", includeOptimizer: true)
        try model.fit(x, y, epochs: 3, batchSize: 16, callbacks: [checkpoint], verbose: .silent)
        #expect(checkpoint.savedEpochs == [3, 4, 5])
        for epoch in 4...6 {
            let loaded = try Sequential.load(from: folder + "/epoch-\(epoch).plexus")
            #expect(loaded.epochsCompleted == epoch)
        }
        let last = try Sequential.load(from: folder + "/epoch-6.plexus")
        #expect(IOTestSupport.bits(try last.predict(x)) == IOTestSupport.bits(try model.predict(x)))
    }

    /// A monitor that gets worse after its best epoch: the file keeps the best epoch's weights.
    @Test func saveBestOnlyKeepsTheBestEpoch() throws {
        let model = Sequential(inputShape: [1], seed: 4) { Dense(1) }
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let path = try IOTestSupport.folder() + "/best.plexus"
        let checkpoint = ModelCheckpoint(path: path, monitor: "score", saveBestOnly: true, mode: .maximize)
        // Inject a made-up score before the checkpoint sees the logs.
        final class Injector: Callback {
            let checkpoint: ModelCheckpoint
            let values: [Float] = [0.2, 0.7, 0.5, 0.6]
            var weightsAtBest: [Tensor] = []
            init(_ checkpoint: ModelCheckpoint) { self.checkpoint = checkpoint }
            func onTrainBegin(model: Model) { checkpoint.onTrainBegin(model: model) }
            func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {
                var logs = logs
                logs["score"] = values[epoch]
                if epoch == 1 { weightsAtBest = model.weights }
                checkpoint.onEpochEnd(epoch, logs: logs, model: model)
            }
        }
        let injector = Injector(checkpoint)
        let x = Tensor([[1], [2], [3]]), y = Tensor([[2], [4], [6]])
        try model.fit(x, y, epochs: 4, batchSize: 1, callbacks: [injector], verbose: .silent)
        #expect(checkpoint.savedEpochs == [0, 1])
        #expect(checkpoint.best == 0.7)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.weights.map(IOTestSupport.bits) == injector.weightsAtBest.map(IOTestSupport.bits))
    }

    @Test func missingMonitorSavesNothing() throws {
        let (model, x, y) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/never.plexus"
        let checkpoint = ModelCheckpoint(path: path, monitor: "val_loss", saveBestOnly: true)
        model.progressOutput = .standardError
        try model.fit(x, y, epochs: 1, callbacks: [checkpoint], verbose: .silent)
        #expect(checkpoint.savedEpochs.isEmpty && !FileManager.default.fileExists(atPath: path))
    }
}
