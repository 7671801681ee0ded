import ArgumentParser
import Foundation
import Plexus

/// `plexus explain`: the course's sections made runnable, in the course's words.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "The course made runnable: derivatives, back-propagation, activations, softmax, Adam, convolution.",
        subcommands: [
            ExplainDerivativeCommand.self, ExplainGraphCommand.self, ExplainActivationsCommand.self,
            ExplainLinearCollapseCommand.self, ExplainSoftmaxCommand.self, ExplainAdamCommand.self, ExplainConvCommand.self,
        ]
    )
}
