import ArgumentParser
import Plexus

/// `plexus bench digits`: how long the course's practice lab takes to train.
///
/// The workload of `plexus train` with no options (the bundled digits, an 80/20 split with
/// seed 42, standardised inputs, Dense 25 ReLU, 15 ReLU, 10 logits, Adam, 40 epochs of batch
/// 32). Its time was once a test's assertion (under 5 s); a timing belongs in a release
/// benchmark, where a sanitizer build or a busy machine cannot fail the suite.
struct DigitsBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Time the practice lab's training (digits, 64-25-15-10, 40 epochs).",
        discussion:
            "Reports the median seconds of training over the rounds and the test accuracy, which is the same every round (seeded). Build with -c release."
    )

    @Option(help: "Timed rounds (the median is reported).")
    var rounds = 5

    @Option(help: "Epochs per round.")
    var epochs = 40

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        try BenchLimits.check("--rounds", rounds, atMost: BenchLimits.rounds)
        try BenchLimits.check("--epochs", epochs, atMost: 10_000)
        try reportingInputErrors {
            let (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
            let x = train.features.reshaped([train.count, -1])
            let testX = test.features.reshaped([test.count, -1])
            var times: [Double] = []
            var accuracy: Float = 0
            for _ in 0..<rounds {
                let model = Sequential(try LayerSpecification.parse("25:relu,15:relu,10"), inputShape: [x.shape[1]], seed: 42)
                model.inputNormalization = Normalization.fit(x, method: .standard)
                model.compile(
                    loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 1e-3),
                    metrics: [.accuracy])
                times.append(try BenchTiming.seconds { try model.fit(x, train.labels, epochs: epochs, batchSize: 32, verbose: .silent) })
                accuracy = try model.evaluate(testX, test.labels)["accuracy"] ?? 0
            }
            let seconds = BenchTiming.median(times)
            if json {
                print("{\"rounds\": \(rounds), \"epochs\": \(epochs), \"seconds\": \(seconds), \"test_accuracy\": \(accuracy)}")
            } else {
                print(
                    "digits lab, \(epochs) epochs, median of \(rounds): \(String(format: "%.3f", seconds)) s, test accuracy \(String(format: "%.4f", accuracy))"
                )
            }
        }
    }
}
