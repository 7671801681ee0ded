import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain linear-collapse`: linear layers multiply out into one.
struct ExplainLinearCollapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "linear-collapse",
        abstract: "Show that linear layers collapse into one linear layer, and that ReLU layers do not.",
        discussion: """
            Builds the network, multiplies its kernels out into one Dense layer and compares the two \
            on random inputs; then the same widths with ReLU hidden layers. Hidden layers must be \
            linear; the output linear (linear regression) or sigmoid (logistic regression).
            """
    )

    @Option(help: "The network: width[:activation], comma-separated.")
    var layers = "4:linear,3:linear,1:linear"

    @Option(help: "The number of input features.")
    var inputs = 2

    @Option(help: "The number of random inputs compared.")
    var samples = 5

    @Option(help: "The seed of the weights and inputs.")
    var seed: UInt64 = 0

    @OptionGroup var chart: ExplainChartOptions

    func run() throws {
        let options = chart
        let explanation = try LinearCollapseExplanation(layers: layers, inputCount: inputs, samples: samples, seed: seed)
        try options.emit(
            text: { explanation.report(chartStyle: $0) },
            svg: { explanation.chart.svg() },
            json: { explanation.json() })
    }
}
