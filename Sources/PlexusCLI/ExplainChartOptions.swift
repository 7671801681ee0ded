import ArgumentParser
import Foundation
import Plexus
import PlexusExplain

/// The options of the explanations that draw: text with a terminal chart, or an SVG picture,
/// or JSON for scripts.
struct ExplainChartOptions: ParsableArguments {
    @Option(help: "text (numbers and a terminal chart) or svg (a picture).")
    var format = ChartFormat.text

    @Option(help: "Where --format svg writes the picture (default: standard output).")
    var output: String?

    @Flag(help: "Draw the terminal chart in plain ASCII (the default when output is not a terminal).")
    var ascii = false

    @Flag(help: "Print the numbers as one JSON object instead.")
    var json = false

    /// Checks the combination before any work is done (a usage error, status 64).
    func validate() throws {
        if json && format == .svg { throw ValidationError("--json and --format svg each replace the text: choose one") }
        if output != nil && format != .svg { throw ValidationError("--output is where --format svg writes its picture; add --format svg") }
    }

    /// Braille in colour on a terminal, ASCII elsewhere or when asked.
    var chartStyle: TerminalChartStyle {
        ascii || isatty(1) == 0 ? .ascii : .colouredBraille
    }

    /// Prints the explanation as asked.
    func emit(text: (TerminalChartStyle) -> String, svg: () -> String, json jsonText: () -> String) throws {
        if json {
            try StandardOutput.line(jsonText())
        } else if format == .svg {
            if let output {
                try writingOutput { try ExplainOutput.write(svg(), to: output) }
            } else {
                try StandardOutput.write(svg())
            }
        } else {
            try StandardOutput.line(text(chartStyle))
        }
    }
}
