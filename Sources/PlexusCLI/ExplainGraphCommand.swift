import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain graph`: a recorded computation graph, forward and backward.
struct ExplainGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a computation graph: values left to right, derivatives right to left.",
        discussion: """
            By default the course's example: one linear unit a = w·x + b with the cost \
            J = (a - y)²/2, x = -2, y = 2, w = 2, b = 8. With --layers, one example through a \
            tiny network of Dense layers instead (binary cross-entropy after a sigmoid output, \
            mean squared error after a linear one). Each parameter's derivative is checked \
            against finite differences. --format dot writes Graphviz: pipe it to `dot -Tsvg`.
            """
    )

    @Option(help: "A tiny network instead of the course's example: width[:activation], comma-separated, such as \"3:relu,1:sigmoid\".")
    var layers: String?

    @Option(parsing: .unconditional, help: "The network's input, comma-separated (with --layers).")
    var input = "1,2"

    @Option(parsing: .unconditional, help: "The network's label, comma-separated (with --layers).")
    var label = "1"

    @Option(help: "The seed of the network's initial weights (with --layers).")
    var seed: UInt64 = 0

    @Option(help: "The nudge ε of the finite-difference check (computed in Float32: a much smaller ε loses digits to rounding).")
    var epsilon: Float = 1e-2

    @Option(help: "text or dot (Graphviz).")
    var format = GraphFormat.text

    func run() throws {
        try reportingInputErrors {
            guard epsilon.isFinite, epsilon > 0 else {
                throw InputError("--epsilon must be a positive number, got \(epsilon)")
            }
            let explanation =
                try layers.map {
                    try GraphExplanation.network(
                        layers: $0,
                        input: GraphExplanation.parseNumbers(input, option: "--input"),
                        label: GraphExplanation.parseNumbers(label, option: "--label"),
                        seed: seed, epsilon: epsilon)
                } ?? GraphExplanation.linearUnit(epsilon: epsilon)
            print(format == .dot ? explanation.dot() : explanation.text(), terminator: format == .dot ? "" : "\n")
        }
    }
}
