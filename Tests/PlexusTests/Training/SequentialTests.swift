import Testing
@testable import Plexus

/// Sequential, compile, fit, evaluate, predict on small generated problems with known answers.
@Suite struct SequentialTests {
    static let quiet = ProgressOutput { _ in }

    func model(seed: UInt64 = 1, @LayerBuilder _ layers: () -> [any Layer]) -> Sequential {
        let model = Sequential(seed: seed, layers)
        model.progressOutput = SequentialTests.quiet
        return model
    }

    @Test func regressionWithLinearOutputAndMeanSquaredError() throws {
        let (x, y) = TrainingData.linear(weights: [1.5, -2, 0.5], bias: 0.3, rows: 256, seed: 4)
        let net = model {
            Dense(16, activation: .relu)
            Dense(1)
        }
        net.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.01), metrics: [.meanAbsoluteError])
        let history = try net.fit(x, y, epochs: 60, verbose: 0)
        let scores = try net.evaluate(x, y)
        #expect(scores["loss"]! < 0.01, "mse \(scores)")
        #expect(history["loss"].count == 60 && history["mae"].count == 60)
        #expect(history["loss"].last! < history["loss"].first!)
    }

    @Test func binaryClassificationWithSigmoidOutput() throws {
        let (x, y) = TrainingData.blobs(centers: [[-1, -1], [1, 1]], count: 100, spread: 0.5, seed: 5)
        let net = model {
            Dense(8, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        net.compile(loss: .binaryCrossentropy(), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try net.fit(x, y.reshaped([-1, 1]), epochs: 30, verbose: 0)
        let scores = try net.evaluate(x, y.reshaped([-1, 1]))
        #expect(scores["accuracy"]! > 0.95, "\(scores)")
        let probabilities = try net.predict(x)
        #expect(probabilities.shape == [200, 1])
        #expect(probabilities.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func multiClassWithSoftmaxLogits() throws {
        let (x, y) = TrainingData.blobs(centers: [[0, 2], [2, -1], [-2, -1]], count: 80, spread: 0.5, seed: 6)
        let net = model {
            Dense(16, activation: .relu)
            Dense(3)
        }
        net.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01),
            metrics: [.accuracy])
        try net.fit(x, y, epochs: 30, verbose: 0)
        let scores = try net.evaluate(x, y)
        #expect(scores["accuracy"]! > 0.95, "\(scores)")
        let predicted = softmax(try net.predict(x)).argmaxIndices(alongAxis: 1)
        let right = zip(predicted, y.scalars).filter { Float($0) == $1 }.count
        #expect(Float(right) / Float(predicted.count) > 0.95)
    }

    /// Several independent sigmoid outputs: each label is its own yes/no.
    @Test func multiLabelWithIndependentSigmoids() throws {
        var generator = RandomGenerator(seed: 7)
        let x = Tensor.uniform([300, 2], low: -1, high: 1, using: &generator)
        // Label 0: x0 > 0; label 1: x1 > 0; label 2: x0 + x1 > 0.
        let labels = (0..<300).flatMap { row -> [Float] in
            let a = x[row, 0], b = x[row, 1]
            return [a > 0 ? 1 : 0, b > 0 ? 1 : 0, a + b > 0 ? 1 : 0]
        }
        let y = Tensor(shape: [300, 3], scalars: labels)
        let net = model {
            Dense(16, activation: .relu)
            Dense(3, activation: .sigmoid)
        }
        net.compile(loss: .binaryCrossentropy(), optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        try net.fit(x, y, epochs: 60, verbose: 0)
        let scores = try net.evaluate(x, y)
        #expect(scores["accuracy"]! > 0.93, "per-label accuracy \(scores)")
        // Per-label accuracy, not argmax: check it equals the share of right labels.
        let predictions = try net.predict(x).scalars
        let right = zip(predictions, labels).filter { ($0 > 0.5) == ($1 > 0.5) }.count
        #expect(Swift.abs(Float(right) / 900 - scores["accuracy"]!) < 1e-5)
    }

    @Test func historyHasEveryMetricForTrainingAndValidation() throws {
        let (x, y) = TrainingData.blobs(centers: [[-1, 0], [1, 0]], count: 50, spread: 0.3, seed: 8)
        let net = model { Dense(2) }
        net.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: SGD(), metrics: [.accuracy])
        let history = try net.fit(x, y, epochs: 3, validationSplit: 0.2, verbose: 0)
        #expect(history.names == ["accuracy", "loss", "val_accuracy", "val_loss"])
        #expect(history.epochs == [0, 1, 2])
        for name in history.names { #expect(history[name].count == 3) }
    }

    /// On data sorted by class, Keras's tail split would hold out one class only; ours holds
    /// out a seeded random choice of rows.
    @Test func validationSplitIsShuffledAndSeeded() {
        let (train, held) = Sequential.validationSplit(rows: 100, held: 20, seed: 42)
        #expect(held.count == 20 && train.count == 80)
        #expect(Set(train).isDisjoint(with: held) && Set(train + held) == Set(0..<100))
        #expect(held.contains { $0 < 50 } && held.contains { $0 >= 50 }, "held out: \(held)")
        #expect(Sequential.validationSplit(rows: 100, held: 20, seed: 42).validation == held)
        #expect(Sequential.validationSplit(rows: 100, held: 20, seed: 43).validation != held)
    }

    /// Two fits from the same seed: the same initial weights, shuffles and history, bit for bit.
    @Test func sameSeedSameRunBitForBit() throws {
        let (x, y) = TrainingData.blobs(centers: [[0, 1], [1, 0], [-1, -1]], count: 40, spread: 0.6, seed: 9)
        func run() throws -> (History, [Tensor]) {
            let net = model(seed: 77) {
                Dense(8, activation: .relu)
                Dense(3)
            }
            net.compile(
                loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(), metrics: [.accuracy])
            let history = try net.fit(x, y, epochs: 5, batchSize: 16, validationSplit: 0.25, verbose: 0)
            return (history, net.weights)
        }
        let (first, firstWeights) = try run()
        let (second, secondWeights) = try run()
        #expect(first == second)
        #expect(firstWeights == secondWeights)
    }

    @Test func lastBatchMayBeSmallerAndNothingIsDropped() throws {
        let x = Tensor.ones([10, 1]), y = Tensor.zeros([10, 1])
        let counter = BatchCounter()
        let net = model { Dense(1) }
        net.compile(loss: .meanSquaredError, optimizer: SGD())
        try net.fit(x, y, epochs: 1, batchSize: 4, callbacks: [counter], verbose: 0)
        #expect(counter.batches == 3)
    }

    @Test func modelIsCallableAndSummarisesTheCourseNetwork() {
        let net = Sequential(inputShape: [400], seed: 0) {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)
        }
        #expect(net.parameterCount == 10_575)
        let text = net.summaryText
        #expect(text.contains("Total params: 10,575 (41.31 KB)"), "\(text)")
        #expect(text.contains("dense (Dense)") && text.contains("dense_1 (Dense)") && text.contains("dense_2 (Dense)"))
        #expect(text.contains("(None, 25)") && text.contains("10,025") && text.contains("390") && text.contains("160"))
        #expect(text.contains("Trainable params: 10,575") && text.contains("Non-trainable params: 0 (0.00 B)"))
        #expect(net(Tensor.zeros([2, 400])).shape == [2, 10])
    }
}

/// Counts the batches of a run.
final class BatchCounter: Callback {
    var batches = 0
    func onBatchEnd(_ batch: Int, logs: Logs, model: Model) { batches += 1 }
}
