import ArgumentParser
import Foundation
import Plexus

/// `plexus report`: the HTML report of a saved model on a data set's test part.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a one-file HTML report of a saved model: its training curves and how it does on a data set.",
        discussion: """
            The report holds the model summary, the loss and metrics of every epoch as charts \
            (the training history is saved with the model by plexus train --save), the test \
            results (for a classifier a confusion matrix, per-class precision, recall and F1 and \
            the most confident mistakes; for a regression its predictions against the truth), \
            timing, and the seed and versions. The data set is split as plexus train splits it \
            (same --seed and --test-fraction), so the model is judged on data it did not train \
            on. The page loads nothing from the network and prints well. A model file from \
            before histories were saved gives a report without curves.
            """
    )

    @Option(help: "The saved model (from plexus train --save or model.save(to:)).")
    var model: String

    @OptionGroup var data: DataOptions

    @Option(help: "The HTML file to write.")
    var output = "report.html"

    func run() throws {
        try OutputChecks.checkWritable(output, option: "--output")
        let network = try SavedModel.load(model)
        guard let loss = network.loss else {
            throw InputError("\(shortened(model)): the saved model was not compiled, so it has no loss to evaluate")
        }
        var modelLabels: [String] = []
        if let encoding = network.labelEncoding, case .multilabel = encoding.task { modelLabels = encoding.classNames }
        let (_, test) = try data.load(defaultLabels: modelLabels)
        var y = test.labels
        if let encoding = network.labelEncoding {
            y = try TrainingTargets.encode(y, with: encoding, for: loss, source: "\(test.name) labels")
        }
        network.progressOutput = .standardError
        let samples = try SavedModel.shaped(test.features, for: network, source: test.name)
        let history = network.history ?? History()
        let title = "\((model as NSString).lastPathComponent) on \(test.name)"
        let details = ReportDetailsChoice.details(
            title: title, data: test, settings: [("model file", model), ("test fraction", "\(data.testFraction)")], seconds: nil)
        try writingOutput { try history.writeReport(to: output, model: network, test: (samples, y), details: details) }
        if network.history == nil {
            StandardError.line(
                "note: \(shortened(model)) holds no training history (saved before histories were), so the report has no curves")
        }
        try StandardOutput.line("wrote the report to \(output)")
    }
}
