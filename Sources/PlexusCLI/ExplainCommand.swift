import ArgumentParser
import Foundation
import Plexus

/// `plexus explain`: back-propagation made visible, in the course's words.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what derivatives and back-propagation compute, step by step.",
        subcommands: [ExplainDerivativeCommand.self, ExplainGraphCommand.self]
    )
}
