import ArgumentParser
import Plexus

/// `plexus debug-save-large PATH`: hidden; saves a large model, for the test that kills a
/// process in the middle of a save and checks that the old file survives.
struct DebugSaveLargeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug-save-large",
        abstract: "Save a large model (for testing atomic saves).",
        shouldDisplay: false
    )

    @Argument var path: String

    @Option(help: "The size of the model, in millions of parameters.")
    var millions = 50

    func run() throws {
        try reportingInputErrors {
            guard millions > 0, millions <= 1000 else { throw InputError("--millions must be between 1 and 1000, got \(millions)") }
            let width = 1000
            let model = Sequential(inputShape: [width], seed: 1) { Dense(millions * 1000, useBias: false) }
            try model.save(to: path)
        }
    }
}
