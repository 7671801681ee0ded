import ArgumentParser
import Plexus

/// `plexus summary`: a model's layers, output shapes and parameter counts before any training.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print a model's layers, output shapes and parameter counts, as Keras's summary().",
        discussion: "For example: plexus summary --layers 25:relu,15:relu,10 --input-shape 400, or plexus summary --model digits.plexus"
    )

    @Option(help: "A saved model to describe, or a preset's name (lab, cnn, cnn-bn, resnet), instead of --layers.")
    var model: String?

    @Option(help: "The layers, as plexus train takes them (default: the lab's, 25:relu,15:relu,10).")
    var layers: String?

    @Option(help: "The shape of one sample, such as 400 or 28,28,1 (default: 400, or 28,28,1 for a convolutional preset).")
    var inputShape: String?

    func run() throws {
        try reportingInputErrors {
            // A preset's name is the preset (a file of that name can be given as ./name).
            if let model, let preset = ModelPreset(argument: model) {
                let shape = try SummaryCommand.parseInputShape(inputShape ?? (preset.expectsImages ? "28,28,1" : "400"))
                try preset.model(sampleShape: shape, outputs: 10, seed: 0).summary()
                return
            }
            if let model {
                let network = try Model.load(from: model)
                network.summary()
                if let inputNormalization = network.inputNormalization {
                    print(" Input scaling: \(inputNormalization.method.rawValue), \(inputNormalization.featureCount) features")
                }
                if let outputNormalization = network.outputNormalization {
                    print(" Target scaling: \(outputNormalization.method.rawValue), \(outputNormalization.featureCount) columns")
                }
                if let loss = network.loss, let optimizer = network.optimizer {
                    print(" Loss: \(loss.name); optimizer: \(optimizer.name) (learning rate \(optimizer.learningRate))")
                }
                return
            }
            let shape = try SummaryCommand.parseInputShape(inputShape ?? "400")
            let layers = try LayerSpecification.parse(layers ?? ModelPreset.lab.layerList ?? "")
            _ = try ArchitecturePlan(layers: layers, inputShape: shape)
            let model = Sequential(layers, inputShape: shape, seed: 0)
            model.summary()
        }
    }

    /// A sample shape as `--input-shape` takes it: "400" or "28,28,1".
    static func parseInputShape(_ text: String) throws -> [Int] {
        let shape = text.split(separator: ",").compactMap { Int($0.filter { $0 != " " }) }
        guard !shape.isEmpty, shape.count == text.split(separator: ",").count, shape.allSatisfy({ $0 > 0 }) else {
            throw InputError("--input-shape takes positive whole numbers separated by commas, got \(quoted(text, limit: 40))")
        }
        return shape
    }
}
