import ArgumentParser
import Plexus

/// `plexus export`: a saved model as ONNX.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a saved model as an ONNX file (for ONNX Runtime and other ONNX tools).",
        discussion: """
            The graph takes raw samples ("input", [batch, ...], channels-last) and starts with the \
            model's scaling; "output" holds the model's outputs (targets' units for regression).
            """
    )

    @Option(help: "The saved model.")
    var model: String

    @Option(help: "The ONNX file to write (replaced atomically), a device or pipe, or - for standard output.")
    var onnx: String

    @Flag(help: "For a model that outputs logits, end the graph with a softmax (or a sigmoid for one output).")
    var withSoftmax = false

    func run() throws {
        let network = try SavedModel.load(model)
        try writingOutput {
            try network.exportONNX(to: onnx == "-" ? "/dev/stdout" : onnx, includeFinalActivation: withSoftmax)
        }
    }
}
