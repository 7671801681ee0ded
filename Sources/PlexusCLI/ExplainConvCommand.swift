import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain conv`: one convolution window by hand, receptive fields, parameter counts.
struct ExplainConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "A convolution window by hand next to the layer, receptive fields, and parameters against Dense.",
        discussion: "For example: plexus explain conv --input-shape 6,6,1 --kernel 3"
    )

    @Option(help: "The image: height,width,channels.")
    var inputShape = "6,6,1"

    @Option(help: "The kernel's side.")
    var kernel = 3

    @Option(help: "The filters of the convolution in the parameter count.")
    var filters = 8

    @Option(help: "The seed of the image and the weights.")
    var seed: UInt64 = 0

    @Flag(help: "Print the numbers as one JSON object instead.")
    var json = false

    func run() throws {
        let shape = try SummaryCommand.parseInputShape(inputShape)
        let explanation = try ConvolutionExplanation(inputShape: shape, kernel: kernel, filters: filters, seed: seed)
        try StandardOutput.line(json ? explanation.json() : explanation.report())
    }
}
