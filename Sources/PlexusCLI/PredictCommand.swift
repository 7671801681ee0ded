import ArgumentParser
import Foundation
import Plexus

/// `plexus predict`: a saved model's predictions for new samples, as CSV.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Write a saved model's predictions for the samples of a CSV, NPY or IDX file, as CSV.",
        discussion: """
            The input is raw data (the model applies its own scaling): a CSV file with one column \
            per feature, a .npy array or an IDX array, plain or gzipped; the format comes from the \
            file's first bytes (or --format), so a pipe works too (--input - reads standard \
            input). A CSV file's first line is its header unless all of it is numbers: then it is \
            the first sample, and a note on standard error says so. The output has a header: \
            prediction, then p_0 ... p_{K-1} (class probabilities) for a classifier; prediction \
            alone, in the targets' units, for regression. A multi-label model (trained with \
            --label a,b,c on 0/1 columns) gives a 0/1 decision per label, headed by the label \
            names, then the probability of each (p_a,p_b,p_c); --threshold sets where a \
            probability becomes a 1. One output row per input row. A functional model of several \
            inputs takes one --input per input, in order (all with the same rows).
            """
    )

    @Option(help: "The saved model.")
    var model: String

    @Option(
        help:
            "The samples: a CSV file (header optional), a .npy or an IDX file; - for standard input. Repeat it for a model of several inputs, in order."
    )
    var input: [String]

    @Option(help: "The input's format, csv, npy or idx, instead of deciding it from its first bytes.")
    var format: InputFormat?

    @Option(
        help:
            "A CSV column of the input to leave out (such as the label column of a training file); several separated by commas, or the option repeated."
    )
    var skipColumn: [String] = []

    @Option(help: "The probability above which a sigmoid output is a yes (1): for binary and multi-label models; between 0 and 1.")
    var threshold: Float = 0.5

    @Option(help: "Where to write the CSV: a file (replaced atomically), a device or pipe, or - for standard output (the default).")
    var output: String?

    func run() throws {
        guard threshold > 0 && threshold < 1 else {
            throw InputError("--threshold must be between 0 and 1 (both excluded), got \(threshold)")
        }
        let skipped = LabelColumns.names(skipColumn)
        let network = try SavedModel.load(model)
        try SavedModel.checkInputCount(input.count, for: network, path: model)
        guard input.filter({ $0 == "-" }).count <= 1 else { throw InputError("only one --input can be standard input (-)") }
        guard network.outputCount == 1 else {
            throw InputError(
                "\(shortened(model)) has \(network.outputCount) outputs; plexus predict writes the predictions of a model of one output")
        }
        let samples = try input.enumerated().map { index, path in
            try SavedModel.shaped(try SampleInput.read(path, format: format, skipping: skipped), for: network, input: index, source: path)
        }
        let table = try PredictionTable(model: network, inputs: samples, threshold: threshold)
        if let output, output != "-" {
            try writingOutput { try table.write(to: output) }
        } else {
            try StandardOutput.write(table.csv)
        }
    }
}
