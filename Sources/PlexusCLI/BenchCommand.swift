import ArgumentParser
import Plexus

/// `plexus bench`: micro-benchmarks of the kernels.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the kernels.",
        subcommands: []
    )
}
