import Testing
@testable import Plexus

@Suite struct ProgressOutputTests {
    /// Not a terminal: exactly one plain line per epoch, with the loss and metric names.
    @Test func oneLinePerEpochWithoutControlCharacters() throws {
        let (x, y) = TrainingData.blobs(centers: [[-1, 0], [1, 0]], count: 40, spread: 0.3, seed: 1)
        let net = Sequential(seed: 2) { Dense(2) }
        let capture = TextCapture()
        net.progressOutput = capture.output
        net.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(), metrics: [.accuracy])
        try net.fit(x, y, epochs: 4, batchSize: 16, validationSplit: 0.25, verbose: 1)
        let lines = capture.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 4, "\(capture.text)")
        #expect(!capture.text.contains("\u{1B}") && !capture.text.contains("\r"))
        for (index, line) in lines.enumerated() {
            #expect(line.hasPrefix("Epoch \(index + 1)/4 - 4/4 - "), "\(line)")
            // Sorted by name, validation last, four decimals.
            let names = line.split(separator: " - ").dropFirst(4).map { $0.split(separator: ":")[0] }
            #expect(names == ["accuracy", "loss", "val_accuracy", "val_loss"], "\(line)")
        }
    }

    @Test func verboseZeroPrintsNothing() throws {
        let net = Sequential(seed: 2) { Dense(1) }
        let capture = TextCapture()
        net.progressOutput = capture.output
        net.compile(loss: .meanSquaredError, optimizer: SGD())
        try net.fit(Tensor.ones([4, 1]), Tensor.ones([4, 1]), epochs: 2, verbose: 0)
        #expect(capture.text.isEmpty)
    }

    @Test func formatsLikeKeras() {
        #expect(
            ProgressReporter.formatLogs(["loss": 0.30101, "accuracy": 0.90625, "val_loss": 0.0001])
                == " - accuracy: 0.9062 - loss: 0.3010 - val_loss: 1.0000e-04")
        #expect(ProgressReporter.formatPerStep(0.0031) == " 3ms/step")
        #expect(ProgressReporter.formatPerStep(0.000_042) == " 42us/step")
        #expect(ProgressReporter.formatDuration(75) == "1:15")
    }
}
