import Testing
@testable import Plexus

/// Convolutional layers in a Sequential model: Keras's summary, and training with fit.
@Suite struct ConvolutionModelTests {
    /// The rows of a summary table as (layer, output shape, parameter count).
    func tableRows(_ text: String) -> [[String]] {
        text.split(separator: "\n")
            .filter { $0.hasPrefix("│") }
            .map { line in
                line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
    }

    @Test func summaryMatchesKeras() {
        let model = Sequential(inputShape: [28, 28, 1]) {
            Conv2D(32, 3, activation: .relu)
            MaxPooling2D(2)
            Conv2D(64, 3, activation: .relu)
            MaxPooling2D(2)
            Flatten()
            Dense(128, activation: .relu)
            Dense(10)
        }
        let text = model.summaryText
        #expect(
            tableRows(text) == [
                ["conv2d (Conv2D)", "(None, 26, 26, 32)", "320"],
                ["max_pooling2d (MaxPooling2D)", "(None, 13, 13, 32)", "0"],
                ["conv2d_1 (Conv2D)", "(None, 11, 11, 64)", "18,496"],
                ["max_pooling2d_1 (MaxPooling2D)", "(None, 5, 5, 64)", "0"],
                ["flatten (Flatten)", "(None, 1600)", "0"],
                ["dense (Dense)", "(None, 128)", "204,928"],
                ["dense_1 (Dense)", "(None, 10)", "1,290"],
            ])
        #expect(text.contains(" Total params: 225,034 (879.04 KB)"))
        #expect(text.contains(" Trainable params: 225,034 (879.04 KB)"))
        #expect(text.contains(" Non-trainable params: 0 (0.00 B)"))
        #expect(model.outputShape == [10])
    }

    @Test func summaryOfTheOtherLayers() {
        let model = Sequential(inputShape: [784]) {
            Reshape([28, 28, 1])
            Conv2D(8, 5, strides: 2, padding: .same)
            AveragePooling2D(2, padding: .same)
            Dropout(0.25)
            Flatten()
        }
        #expect(
            tableRows(model.summaryText) == [
                ["reshape (Reshape)", "(None, 28, 28, 1)", "0"],
                ["conv2d (Conv2D)", "(None, 14, 14, 8)", "208"],
                ["average_pooling2d (AveragePooling2D)", "(None, 7, 7, 8)", "0"],
                ["dropout (Dropout)", "(None, 7, 7, 8)", "0"],
                ["flatten (Flatten)", "(None, 392)", "0"],
            ])
    }

    /// 8x8 images holding one bright horizontal (class 0) or vertical (class 1) bar on noise.
    func bars(count: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        var pixels: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            let vertical = generator.nextInt(below: 2) == 1
            let line = generator.nextInt(below: 8)
            for row in 0..<8 {
                for column in 0..<8 {
                    let onBar = (vertical ? column : row) == line
                    pixels.append((onBar ? 1 : 0) + 0.3 * generator.nextFloat())
                }
            }
            labels.append(vertical ? 1 : 0)
        }
        return (Tensor(shape: [count, 8, 8, 1], scalars: pixels), Tensor(labels))
    }

    @Test func aTinyCNNLearnsBarOrientation() throws {
        let train = bars(count: 256, seed: 1), test = bars(count: 200, seed: 2)
        let model = Sequential(seed: 3) {
            Conv2D(4, 3, activation: .relu)
            MaxPooling2D(2)
            Flatten()
            Dropout(0.1)
            Dense(2)
        }
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01),
            metrics: [.accuracy])
        let history = try model.fit(train.x, train.y, epochs: 10, batchSize: 32, verbose: .silent)
        let scores = try model.evaluate(test.x, test.y)
        #expect(scores["accuracy"]! > 0.95, "test scores \(scores), history \(history)")
    }
}
