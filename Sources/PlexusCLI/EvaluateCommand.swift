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
            """
    )

    @Option(help: "The saved model (from plexus train --save or model.save(to:)).")
    var model: String

    @OptionGroup var data: DataOptions

    @Flag(help: "Evaluate on every sample, not only the test part.")
    var all = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        try reportingInputErrors {
            let network = try SavedModel.load(model)
            guard network.loss != nil else { throw InputError("\(shortened(model)): the saved model was not compiled, so it has no loss to evaluate") }
            let (train, test) = try data.load()
            var x = test.features, y = test.labels
            if all {
                x = Tensor.concatenate([train.features, test.features], alongAxis: 0)
                y = Tensor.concatenate([train.labels, test.labels], alongAxis: 0)
            }
            if let encoding = network.labelEncoding, let loss = network.loss {
                y = try TrainingTargets.encode(y, with: encoding, for: loss, source: "\(test.name) labels")
            }
            network.progressOutput = .standardError
            let scores = try network.evaluate(try SavedModel.shaped(x, for: network, source: test.name), y, batchSize: 256)
            let names = ["loss"] + scores.keys.filter { $0 != "loss" }.sorted()
            if json {
                let fields = names.map { "\"\($0)\": \(scores[$0]!.isFinite ? "\(scores[$0]!)" : "null")" } + ["\"samples\": \(x.shape[0])"]
                try StandardOutput.line("{" + fields.joined(separator: ", ") + "}")
            } else {
                let lines = ["\(all ? "all" : "test") samples: \(x.shape[0])"] + names.map { "\($0): \(String(format: "%.4f", scores[$0]!))" }
                try StandardOutput.line(lines.joined(separator: "\n"))
            }
        }
    }
}
