import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain activations`: the course's activation functions side by side.
struct ExplainActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activations",
        abstract: "Sigmoid, ReLU, linear, tanh, leaky ReLU and softmax: values, derivatives, and which to choose.",
        discussion: "Values and derivatives come from the engine's activations and its autodiff. --format svg draws both curves."
    )

    @Option(parsing: .unconditional, help: "The points z of the table, comma-separated.")
    var z = "-4,-2,-1,0,1,2,4"

    @OptionGroup var chart: ExplainChartOptions

    func run() throws {
        let options = chart
        let explanation = try ActivationsExplanation(zs: GraphExplanation.parseNumbers(z, option: "--z"))
        try options.emit(
            text: { explanation.report(chartStyle: $0) },
            svg: { Chart.svg(stacking: explanation.charts) },
            json: { explanation.json() })
    }
}
