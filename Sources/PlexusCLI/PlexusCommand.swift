import ArgumentParser
import Plexus

/// The `plexus` command: a thin shell over the Plexus library.
@main
struct PlexusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plexus",
        abstract: "Build, train and inspect neural networks.",
        version: PlexusVersion.current,
        subcommands: [
            TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ExportCommand.self, SummaryCommand.self, ReportCommand.self,
            ExplainCommand.self, BenchCommand.self, DebugSaveLargeCommand.self,
        ],
        defaultSubcommand: TrainCommand.self
    )
}
