import ArgumentParser
import Plexus
import PlexusExplain

/// `plexus explain derivative`: the nudge experiment that defines a derivative.
struct ExplainDerivativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derivative",
        abstract: "Nudge w by ε and compare how J changes with the exact derivative.",
        discussion: """
            Prints J(w), J(w + ε), the change, the ratio (J(w + ε) - J(w)) / ε, and the exact \
            derivative dJ/dw from the autodiff engine. Functions: \(ExplainedFunction.spellings) \
            ("w**2" and similar spellings work too).
            """
    )

    @Option(help: "The function J(w): \(ExplainedFunction.spellings).")
    var function = "w^2"

    @Option(parsing: .unconditional, help: "The point w (negative numbers work: --at -2).")
    var at: Double = 3

    @Option(help: "The nudge ε.")
    var epsilon: Double = 0.001

    func run() throws {
        try reportingInputErrors {
            guard let explained = ExplainedFunction(spelling: function) else {
                throw InputError("unknown function \"\(function)\"; choose one of: \(ExplainedFunction.spellings)")
            }
            print(try DerivativeExperiment(explained, at: at, epsilon: epsilon).report())
        }
    }
}
