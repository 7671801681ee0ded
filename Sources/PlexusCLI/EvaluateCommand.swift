import ArgumentParser
import Foundation
import Plexus

/// `plexus evaluate`: a saved model's loss and metrics on a data set's test part.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Print a saved model's loss and metrics on a data set.",
        discussion: """
            The data set is split as plexus train splits it (same --seed and --test-fraction), \
            and the test part is evaluated, so a model saved by plexus train --save is judged on \
            data it did not train on. Give raw data: the model applies its own scaling.

            A multi-label model (several 0/1 label columns, --label a,b,c) also gets, for each \
            label, its accuracy, precision, recall and F1 and a 2x2 confusion matrix, with the \
            exact-match ratio (samples with every label right) and the Hamming loss (the share \
            of wrong labels). JSON keys: loss, accuracy (mean over labels), samples, \
            exact_match, hamming_loss, labels ({name: {accuracy, precision, recall, f1}}). \
            Without --label, the label columns are the ones the model was trained on.
            """
    )

    @Option(help: "The saved model (from plexus train --save or model.save(to:)).")
    var model: String

    @OptionGroup var data: DataOptions

    @Option(
        help:
            "Samples from a file instead of --dataset (CSV, NPY or IDX, as plexus predict reads them), with --labels; repeat it for a model of several inputs, in order."
    )
    var input: [String] = []

    @Option(help: "With --input: the labels of its samples, one row each (a CSV file of label columns, an NPY or IDX file).")
    var labels: String?

    @Flag(help: "Evaluate on every sample, not only the test part.")
    var all = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        if input.isEmpty != (labels == nil) {
            throw ValidationError("--input and --labels go together: give both, or neither to use --dataset")
        }
        if !input.isEmpty && all { throw ValidationError("--all splits --dataset; with --input every sample is evaluated already") }
    }

    func run() throws {
        try reportingInputErrors {
            let network = try SavedModel.load(model)
            if let labels, !input.isEmpty { return try evaluateFiles(network, labels: labels) }
            guard network.inputCount == 1 else {
                throw InputError(
                    "\(shortened(model)) takes \(network.inputCount) inputs, and a data set gives one: give --input \(network.inputCount) times, in order, with --labels"
                )
            }
            guard network.loss != nil else {
                throw InputError("\(shortened(model)): the saved model was not compiled, so it has no loss to evaluate")
            }
            // A multi-label model knows its label columns: --label is then optional.
            var modelLabels: [String] = []
            if let encoding = network.labelEncoding, case .multilabel = encoding.task { modelLabels = encoding.classNames }
            let (train, test) = try data.load(defaultLabels: modelLabels)
            var x = test.features, y = test.labels
            if all {
                x = Tensor.concatenate([train.features, test.features], alongAxis: 0)
                y = Tensor.concatenate([train.labels, test.labels], alongAxis: 0)
            }
            if let encoding = network.labelEncoding, let loss = network.loss {
                y = try TrainingTargets.encode(y, with: encoding, for: loss, source: "\(test.name) labels")
            }
            network.progressOutput = .standardError
            let samples = try SavedModel.shaped(x, for: network, source: test.name)
            try report(network, samples: [samples], labels: y, what: all ? "all" : "test")
        }
    }

    /// `--input` (once per model input) and `--labels`: every sample of the files.
    private func evaluateFiles(_ network: Model, labels path: String) throws {
        try SavedModel.checkInputCount(input.count, for: network, path: model)
        guard (input + [path]).filter({ $0 == "-" }).count <= 1 else {
            throw InputError("only one of --input and --labels can be standard input (-)")
        }
        let samples = try input.enumerated().map { index, file in
            try SavedModel.shaped(try SampleInput.read(file, format: data.format), for: network, input: index, source: file)
        }
        var y = try SampleInput.read(path, format: nil)
        for (file, tensor) in zip(input, samples) where tensor.shape[0] != y.shape[0] {
            throw InputError(
                "\(quoted(file)) has \(tensor.shape[0]) samples, but \(quoted(path)) has \(y.shape[0]) label rows: give one label row per sample"
            )
        }
        if let encoding = network.labelEncoding, let loss = network.loss {
            y = try TrainingTargets.encode(y, with: encoding, for: loss, source: path)
        }
        try report(network, samples: samples, labels: y, what: "all")
    }

    /// Prints the loss and metrics (and, for a multi-label model, each label's scores).
    private func report(_ network: Model, samples: [Tensor], labels y: Tensor, what: String) throws {
        let count = samples[0].shape[0]
        let scores = try network.evaluate(samples, [y], batchSize: 256)
        let names = ["loss"] + scores.keys.filter { $0 != "loss" }.sorted()
        var perLabel: MultiLabelScores?
        if let encoding = network.labelEncoding, case .multilabel = encoding.task {
            let outputs = try network.predictOutputs(samples, batchSize: 256)[0]
            perLabel = MultiLabelScores(
                truth: y, probabilities: MultiLabelScores.probabilities(outputs, of: network), names: encoding.classNames)
        }
        if json {
            let fields = names.map { (key: $0, value: JSONText.number(scores[$0] ?? .nan)) } + [("samples", "\(count)")]
            try StandardOutput.line(JSONText.object(fields + (perLabel?.jsonFields(prefix: "") ?? [])))
        } else {
            let lines = ["\(what) samples: \(count)"] + names.map { "\($0): \(String(format: "%.4f", scores[$0] ?? .nan))" }
            let labelLines = perLabel.map { [""] + $0.lines(matrices: true) } ?? []
            try StandardOutput.line((lines + labelLines).joined(separator: "\n"))
        }
    }
}
