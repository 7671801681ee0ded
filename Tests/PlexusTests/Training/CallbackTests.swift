import Testing
@testable import Plexus

@Suite struct CallbackTests {
    /// EarlyStopping on a scripted sequence of validation losses: best at epoch 2, patience 2,
    /// so it stops after epoch 4 and puts back the weights of epoch 2.
    @Test func earlyStoppingStopsAtTheRightEpochAndRestoresTheBest() {
        let net = Sequential(inputShape: [1], seed: 0) { Dense(1) }
        let stop = EarlyStopping(monitor: "val_loss", minDelta: 0.01, patience: 2, restoreBestWeights: true)
        let losses: [Float] = [1.0, 0.8, 0.5, 0.495, 0.6, 0.4, 0.3]
        stop.onTrainBegin(model: net)
        var stoppedAfter: Int?
        for (epoch, loss) in losses.enumerated() {
            net.setWeights([Tensor([[Float(epoch)]]), Tensor([Float(epoch)])])  // weights mark the epoch
            stop.onEpochEnd(epoch, logs: ["val_loss": loss], model: net)
            if net.stopTraining {
                stoppedAfter = epoch
                break
            }
        }
        // Epoch 3 improves by 0.005 < minDelta: not an improvement.
        #expect(stoppedAfter == 4)
        #expect(stop.bestEpoch == 2 && stop.best == 0.5 && stop.stoppedEpoch == 4)
        #expect(net.weights[0].scalar == 2 && net.weights[1].scalar == 2)
    }

    @Test func earlyStoppingMaximisesAccuracy() {
        let net = Sequential(inputShape: [1], seed: 0) { Dense(1) }
        let stop = EarlyStopping(monitor: "val_accuracy", patience: 1)
        stop.onTrainBegin(model: net)
        for (epoch, accuracy) in [Float(0.5), 0.7, 0.6].enumerated() {
            stop.onEpochEnd(epoch, logs: ["val_accuracy": accuracy], model: net)
        }
        #expect(net.stopTraining && stop.bestEpoch == 1)
    }

    /// Within fit: training stops when patience runs out, and History ends there.
    @Test func earlyStoppingInsideFit() throws {
        let (x, y) = TrainingData.linear(weights: [1], bias: 0, rows: 32, seed: 2)
        let net = Sequential(seed: 3) { Dense(1) }
        net.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0))  // loss never improves
        let stop = EarlyStopping(monitor: "loss", patience: 2)
        let history = try net.fit(x, y, epochs: 20, callbacks: [stop], verbose: 0)
        #expect(history["loss"].count == 3)
    }

    /// A learning rate that diverges: the loss overflows and training stops at that batch.
    @Test func terminateOnNaNStopsAtOnce() throws {
        let (x, y) = TrainingData.linear(weights: [2, -1], bias: 1, rows: 64, seed: 3)
        let net = Sequential(seed: 4) {
            Dense(8, activation: .relu)
            Dense(1)
        }
        net.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 1e6))
        let messages = TextCapture()
        let terminate = TerminateOnNaN(output: messages.output)
        let counter = BatchCounter()
        let history = try net.fit(x, y, epochs: 50, batchSize: 8, callbacks: [terminate, counter], verbose: 0)
        let stoppedAt = try #require(terminate.stoppedAt)
        #expect(history["loss"].count == stoppedAt.epoch + 1)
        #expect(counter.batches == stoppedAt.epoch * 8 + stoppedAt.batch + 1)
        #expect(messages.text.contains("Epoch \(stoppedAt.epoch + 1), batch \(stoppedAt.batch + 1): invalid loss"))
    }

    @Test func learningRateSchedulerSetsTheRateEachEpoch() throws {
        let (x, y) = TrainingData.linear(weights: [1], bias: 0, rows: 8, seed: 2)
        let net = Sequential(seed: 3) { Dense(1) }
        let optimizer = SGD(learningRate: 0.1)
        net.compile(loss: .meanSquaredError, optimizer: optimizer)
        let seen = RateRecorder()
        try net.fit(x, y, epochs: 3, callbacks: [LearningRateScheduler { epoch, _ in 0.1 / Float(epoch + 1) }, seen], verbose: 0)
        #expect(seen.rates == [0.1, 0.05, Float(0.1) / 3])
    }
}

/// Records the optimizer's learning rate at the first batch of each epoch.
final class RateRecorder: Callback {
    var rates: [Float] = []
    func onBatchBegin(_ batch: Int, model: Model) {
        if batch == 0 { rates.append(model.optimizer!.learningRate) }
    }
}

/// Collects what a ProgressOutput writes.
final class TextCapture: @unchecked Sendable {
    // @unchecked: written by one training thread at a time in these tests, read after.
    private(set) var text = ""
    var output: ProgressOutput {
        ProgressOutput(isTerminal: false) { [self] piece in self.text += piece }
    }
}
