import Foundation
import Testing
import Plexus

/// The README's Swift examples, as written there (kept in step by hand): they must compile,
/// run, and do what the README says.
@Suite struct ReadmeExampleTests {
    @Test func theDigitLabInSwift() throws {
        let digits = try Datasets.digits()  // bundled: 1797 images 8x8, labels 0-9
        var (train, test) = digits.split(testFraction: 0.2, seed: 42)
        let scaler = Normalization.fit(train.features, method: .minMax)
        train.features = scaler(train.features)
        test.features = scaler(test.features)

        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)  // linear: logits
        }
        model.progressOutput = ProgressOutput { _ in }
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: Adam(learningRate: 1e-3),
            metrics: [.accuracy])
        let history = try model.fit(train.x, train.y, epochs: 40, batchSize: 32, validationSplit: 0.1)
        let scores = try model.evaluate(test.x, test.y)  // loss and accuracy
        let probabilities = softmax(try model.predict(test.x))
        #expect(history["val_accuracy"].count == 40)
        #expect(scores["accuracy"]! > 0.9, "\(scores)")
        #expect(probabilities.shape == [test.count, 10])
        #expect(model.summaryText.contains("Total params: 2,175"))
    }

    /// The course's car/bus/pedestrian picture as three sigmoid outputs, on a made-up table
    /// whose three labels each depend on the features.
    @Test func theMultiLabelPicture() throws {
        var rows = ["size,length,people,speed,car,bus,pedestrian"]
        var random = RandomGenerator(seed: 3)
        for _ in 0..<400 {
            let f = (0..<4).map { _ in Float.random(in: -1...1, using: &random) }
            let labels = [f[0] > 0, f[1] > 0.3, f[2] + f[3] > 0].map { $0 ? "1" : "0" }
            rows.append((f.map { "\($0)" } + labels).joined(separator: ","))
        }
        let file = TestScratch.file("pictures", extension: "csv")
        try rows.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }

        let pictures = try CSV.load(file, labelColumns: ["car", "bus", "pedestrian"])
        let (train, test) = pictures.split(testFraction: 0.2, seed: 42)  // labels [n, 3] of 0 and 1
        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(3, activation: .sigmoid)  // P(car), P(bus), P(pedestrian)
        }
        model.progressOutput = ProgressOutput { _ in }
        model.inputNormalization = Normalization.fit(train.x)
        model.labelEncoding = try LabelEncoding(labels: train.y, classNames: pictures.classNames)  // .multilabel(labels: 3)
        model.compile(loss: .binaryCrossentropy(), optimizer: Adam(), metrics: [.accuracy])  // accuracy per label
        try model.fit(train.x, train.y, epochs: 100)
        let scores = try model.evaluate(test.x, test.y)
        let table = try PredictionTable(model: model, samples: test.x)
        #expect(model.labelEncoding?.task == .multilabel(labels: 3))
        #expect(scores["accuracy"]! > 0.9, "\(scores)")
        #expect(table.csv.hasPrefix("car,bus,pedestrian,p_car,p_bus,p_pedestrian\n"))
        #expect(table.values.shape == [test.count, 6])
    }

    @Test func theCustomLoop() throws {
        var (train, _) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        train.features = train.features / 16
        let net = Sequential(inputShape: [64]) {  // input shape given: weights exist now
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
