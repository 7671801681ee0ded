import Testing
import Plexus

/// The README's Swift examples, as written there (kept in step by hand): they must compile,
/// run, and do what the README says.
@Suite struct ReadmeExampleTests {
    @Test func theDigitLabInSwift() throws {
        let digits = try Datasets.digits()                       // bundled: 1797 images 8x8, labels 0-9
        var (train, test) = digits.split(testFraction: 0.2, seed: 42)
        let scaler = Normalization.fit(train.features, method: .minMax)
        train.features = scaler(train.features)
        test.features = scaler(test.features)

        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)                                            // linear: logits
        }
        model.progressOutput = ProgressOutput { _ in }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true),
                      optimizer: Adam(learningRate: 1e-3),
                      metrics: [.accuracy])
        let history = try model.fit(train.x, train.y, epochs: 40, batchSize: 32, validationSplit: 0.1)
        let scores = try model.evaluate(test.x, test.y)         // loss and accuracy
        let probabilities = softmax(try model.predict(test.x))
        #expect(history["val_accuracy"].count == 40)
        #expect(scores["accuracy"]! > 0.9, "\(scores)")
        #expect(probabilities.shape == [test.count, 10])
        #expect(model.summaryText.contains("Total params: 2,175"))
    }

    @Test func theCustomLoop() throws {
        var (train, _) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        train.features = train.features / 16
        let net = Sequential(inputShape: [64]) {                 // input shape given: weights exist now
            Dense(25, activation: .relu)
            Dense(10)
        }
        let optimizer = Adam()
        var epochLosses: [Float] = []
        for _ in 0..<5 {
            var losses: [Float] = []
            for (x, y) in train.shuffled(seed: 1).batches(size: 32) {
                let (loss, gradients) = valueWithGradient(for: net.parameters) {
                    SparseCategoricalCrossentropy(fromLogits: true)(net(x), y)
                }
                optimizer.update(net.parameters, with: gradients)
                losses.append(loss.scalar)
            }
            epochLosses.append(losses.reduce(0, +) / Float(losses.count))
        }
        // The mean loss of an epoch: the first near log(10) = 2.3, the fifth well below.
        #expect(epochLosses.first! > 1.5 && epochLosses.last! < 0.6 * epochLosses.first!, "\(epochLosses)")
    }
}
