import ArgumentParser
import Foundation
import Plexus

/// `plexus bench save-load`: how long saving and loading a large model take.
///
/// This was a test's wall-clock assertion (under half a second each for 10 million
/// parameters); a timing is a measurement of the machine as much as of the code, so it lives
/// here, in release builds, where a sanitizer or a busy machine cannot fail a test suite.
struct SaveLoadBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save-load",
        abstract: "Time saving and loading a model (by default 1000-5000-1000 dense, 10,006,000 parameters).",
        discussion:
            "Saves to a temporary file, loads it back and checks the weights are the same; reports the median of the rounds. Build with -c release."
    )

    @Option(help: "Inputs of the model; it is inputs-(5 x inputs)-inputs dense.")
    var inputs = 1000

    @Option(help: "Timed rounds (the median is reported).")
    var rounds = 5

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        try BenchLimits.check("--rounds", rounds, atMost: BenchLimits.rounds)
        // 4000 inputs make a model of 160 million parameters: enough for any disk benchmark.
        try BenchLimits.check("--inputs", inputs, atMost: 4000)
        let model = Sequential(inputShape: [inputs], seed: 1) {
            Dense(5 * inputs, activation: .relu)
            Dense(inputs)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.plexus").path

        var saves: [Double] = [], loads: [Double] = []
        for _ in 0..<rounds {
            saves.append(try BenchTiming.seconds { try model.save(to: path) })
            var loaded: Sequential?
            loads.append(try BenchTiming.seconds { loaded = try Sequential.load(from: path) })
            guard loaded?.weights == model.weights else {
                printToStandardError("error: the loaded weights differ from the saved ones")
                throw ExitCode.failure
            }
        }
        let save = BenchTiming.median(saves), load = BenchTiming.median(loads)
        if json {
            print("{\"parameters\": \(model.parameterCount), \"rounds\": \(rounds), \"save_seconds\": \(save), \"load_seconds\": \(load)}")
        } else {
            print(
                "\(model.parameterCount) parameters, median of \(rounds): save \(String(format: "%.3f", save)) s, load \(String(format: "%.3f", load)) s"
            )
        }
    }
}
