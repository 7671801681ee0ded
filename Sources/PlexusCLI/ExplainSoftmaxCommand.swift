import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain softmax`: why the loss should get logits.
struct ExplainSoftmaxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "softmax",
        abstract: "Naive softmax overflowing next to the from-logits form, and their rounding errors.",
        discussion: "For example: plexus explain softmax --logits 1000,999,998"
    )

    @Option(parsing: .unconditional, help: "The logits, comma-separated.")
    var logits = "1000,999,998"

    @Option(help: "The true class, for the loss.")
    var label = 0

    @Flag(help: "Print the numbers as one JSON object instead.")
    var json = false

    func run() throws {
        let explanation = try SoftmaxExplanation(logits: GraphExplanation.parseNumbers(logits, option: "--logits"), label: label)
        try StandardOutput.line(json ? explanation.json() : explanation.report())
    }
}
