import ArgumentParser
import Foundation
import Plexus

/// `plexus predict`: a saved model's predictions for new samples, as CSV.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Write a saved model's predictions for the samples of a CSV or NPY file, as CSV.",
        discussion: """
            The input is raw data (the model applies its own scaling): a CSV file with a header \
            line and one column per feature, or a .npy array. The output has a header: \
            prediction, then p_0 ... p_{K-1} (class probabilities) for a classifier; prediction \
            alone, in the targets' units, for regression.
            """
    )

    @Option(help: "The saved model.")
    var model: String

    @Option(help: "The samples: a CSV file with a header, or a .npy file.")
    var input: String

    @Option(help: "A CSV column of the input to leave out (such as the label column of a training file).")
    var skipColumn: String?

    @Option(help: "Where to write the CSV (default: standard output).")
    var output: String?

    func run() throws {
        try reportingInputErrors {
            let network = try SavedModel.load(model)
            let samples = try SavedModel.shaped(try FeatureTable.load(input, skipping: skipColumn), for: network, source: input)
            let table = try PredictionTable(model: network, samples: samples)
            if let output {
                do {
                    try table.csv.write(toFile: output, atomically: true, encoding: .utf8)
                } catch {
                    throw InputError("\(output): cannot write the predictions (\(error.localizedDescription))")
                }
            } else {
                print(table.csv, terminator: "")
            }
        }
    }
}
