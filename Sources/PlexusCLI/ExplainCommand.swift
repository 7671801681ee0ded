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

/// How the explain commands stop on a bad request: one line on standard error, exit status 2.
enum ExplainExit {
    /// Writes `error: message` to standard error and returns the exit code to throw.
    static func failure(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    /// Runs `body`, turning an ``ExplainError`` into a one-line message and exit status 2.
    static func reporting<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as ExplainError {
            throw failure(error.description)
        }
    }
}
