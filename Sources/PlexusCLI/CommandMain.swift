import ArgumentParser
import Foundation

extension PlexusCommand {
    /// Parses the arguments and runs the command, as ArgumentParser's own `main` does, but
    /// with the endings Plexus promises: a failed write to standard output (a full disk, a
    /// closed pipe) is an error, and every error is one line and the status that
    /// ``CommandFailure`` gives it. Usage errors keep ArgumentParser's status (64) and message,
    /// on one line like every other error.
    static func main() {
        StandardOutput.prepare()
        do {
            var command = try parseAsRoot()
            try command.run()
            try StandardOutput.finish()
        } catch  where isArgumentParserError(error) {
            let status = exitCode(for: error)
            guard status.isSuccess else {
                let text = message(for: error)
                CommandFailure(message: text.isEmpty ? "invalid usage" : text + " (--help lists the options)", status: status.rawValue)
                    .exit()
            }
            // --help and --version: their text is output like any other.
            do {
                try StandardOutput.line(fullMessage(for: error))
            } catch {
                CommandFailure(error).exit()
            }
        } catch {
            CommandFailure(error).exit()
        }
        Foundation.exit(0)
    }

    /// Whether ArgumentParser made `error` (a usage error, a help request), or a command threw
    /// one of its types on purpose: ArgumentParser reports those itself.
    private static func isArgumentParserError(_ error: any Error) -> Bool {
        // The parser's own error types are internal; `help` even throws from `run()`.
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
