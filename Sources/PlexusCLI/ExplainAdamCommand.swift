import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain adam`: gradient descent and Adam on an elongated bowl.
struct ExplainAdamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adam",
        abstract: "Gradient descent and Adam side by side on badly scaled features.",
        discussion: """
            Linear regression with one feature in [0, 1] and one in [0, 10], trained by the engine's \
            SGD and Adam: the loss per step, the path of the two weights, and Adam's effective step \
            size of each weight.
            """
    )

    @Option(help: "The number of steps.")
    var steps = 100

    @Option(help: "Adam's learning rate.")
    var learningRate: Float = 0.1

    @Option(help: "Gradient descent's learning rate (default: 1 / the steepest curvature).")
    var sgdLearningRate: Float?

    @OptionGroup var chart: ExplainChartOptions

    func run() throws {
        let options = chart
        let explanation = try AdamExplanation(steps: steps, adamRate: learningRate, gradientDescentRate: sgdLearningRate)
        try options.emit(
            text: { explanation.report(chartStyle: $0) },
            svg: { Chart.svg(stacking: explanation.charts) },
            json: { explanation.json() })
    }
}
