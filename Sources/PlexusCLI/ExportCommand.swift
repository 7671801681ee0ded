import ArgumentParser
import Plexus

/// `plexus export`: a saved model as ONNX, or as a Keras 3 `.keras` file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a saved model as an ONNX file (for ONNX Runtime and other ONNX tools) or a Keras .keras file.",
        discussion: """
            The graph takes raw samples ("input", [batch, ...], channels-last) and starts with the \
            model's scaling; "output" holds the model's outputs (targets' units for regression). \
            A .keras file (--keras) opens in Keras 3 with keras.models.load_model and takes the \
            same raw samples: the model's input scaling is its first layer, a Normalization.
            """
    )

    @Option(help: "The saved model.")
    var model: String

    @Option(help: "The ONNX file to write (replaced atomically), a device or pipe, or - for standard output.")
    var onnx: String?

    @Option(help: "The Keras 3 .keras file to write (replaced atomically; needs Debian's libhdf5-103-1).")
    var keras: String?

    @Flag(help: "For a model that outputs logits, end the graph with a softmax (or a sigmoid for one output).")
    var withSoftmax = false

    func validate() throws {
        guard onnx != nil || keras != nil else { throw ValidationError("give --onnx FILE, --keras FILE.keras, or both") }
        if let keras, !keras.lowercased().hasSuffix(".keras") {
            throw ValidationError("--keras needs a file name ending in .keras (Keras loads only those), got '\(keras)'")
        }
    }

    func run() throws {
        let network = try SavedModel.load(model)
        if let onnx {
            try writingOutput {
                try network.exportONNX(to: onnx == "-" ? "/dev/stdout" : onnx, includeFinalActivation: withSoftmax)
            }
        }
        if let keras { try network.save(to: keras) }
    }
}
