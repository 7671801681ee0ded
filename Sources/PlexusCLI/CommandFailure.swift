import ArgumentParser
import Foundation
import Plexus
import PlexusExplain

// Exit statuses (README, "Exit codes"): 0 success; 1 a failure while running (a write error,
// diverged training, anything unexpected); 2 bad input or data; 64 a usage error found by the
// argument parser (an unknown option, a value of the wrong type), which ArgumentParser reports.

/// An error the user can fix in what they gave the command: a missing or malformed file, an
/// option value that makes no sense, data that does not fit the model. Its description is the
/// whole message, and the command exits with status 2. A library error type joins with one
/// line here, such as `extension ArchitectureError: BadInput {}`.
protocol BadInput: Error, CustomStringConvertible {}

extension DataError: BadInput {}
extension TrainingError: BadInput {}
extension ExplainError: BadInput {}
extension ModelFileError: BadInput {}
extension ArchitectureError: BadInput {}

/// A problem with what the user asked for, found by the command itself (exit status 2).
struct InputError: BadInput {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// A failure while running, not the input's fault: standard output or an output file cannot
/// be written, training diverged (exit status 1).
struct RunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// How a command ends after an error: one line on standard error (`error: ...`) and a
/// non-zero status, never a backtrace.
struct CommandFailure {
    let message: String
    let status: Int32

    init(message: String, status: Int32) {
        (self.message, self.status) = (message, status)
    }

    init(_ error: any Error) {
        switch error {
        case let error as BadInput: (message, status) = (error.description, 2)
        case let error as RunFailure: (message, status) = (error.description, 1)
        default: (message, status) = (describe(error), 1)
        }
    }

    /// Prints the message and ends the process with the status.
    func exit() -> Never {
        // What the command printed before the error comes first.
        _ = fflush(nil)
        // The message may quote a file's contents; it stays one line of sane length.
        StandardError.line("error: \(shortened(message, limit: 2000))")
        Foundation.exit(status)
    }
}

/// Runs a command's body. Kept for the commands that wrap their body in it: errors now go up
/// to `PlexusCommand.main`, which turns each into one line and an exit status
/// (``CommandFailure``).
func reportingInputErrors(_ body: () throws -> Void) throws {
    try body()
}

/// Runs `body`, which writes something the user asked for (`--output`, `--onnx`, `--save`):
/// a write that fails (``DataError`` of kind `.ioFailure`, as every file write of the
/// library throws) is a failure while running, exit status 1, not bad input, so
/// `--output /dev/full` or a missing output folder exits 1. Other errors keep their status.
func writingOutput<Result>(_ body: () throws -> Result) throws -> Result {
    do {
        return try body()
    } catch let error as DataError where error.kind == .ioFailure {
        throw RunFailure(error.description)
    }
}

/// The text of any error: Foundation's own wording for Foundation's errors, else the
/// error's description.
func describe(_ error: any Error) -> String {
    if type(of: error) is NSError.Type || error is CocoaError { return error.localizedDescription }
    return String(describing: error)
}

/// Writes a line to standard error (progress and notes when standard output carries data).
func printToStandardError(_ text: String) {
    StandardError.line(text)
}
