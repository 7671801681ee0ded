import ArgumentParser
import Foundation
import Plexus

/// Runs a command's body and turns a problem with the user's input (a file that is missing
/// or malformed, a layer list that does not parse, data that does not fit the model) into one
/// line on standard error and exit status 2, never a backtrace.
func reportingInputErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DataError {
        fail(error.description)
    } catch let error as TrainingError {
        fail(error.description)
    } catch let error as ExplainError {
        fail(error.description)
    } catch let error as ModelFileError {
        fail(error.description)
    } catch let error as ArchitectureError {
        fail(error.description)
    } catch let error as InputError {
        fail(error.message)
    } catch let error as RunFailure {
        fail(error.message, status: 1)
    }
}

/// A failure while running, not a fault of the input: a training run that diverged, say.
/// One line on standard error and exit status 1.
struct RunFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A problem with what the user asked for, found by the command itself.
struct InputError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

private func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    Foundation.exit(status)
}

/// Writes a line to standard error (progress and notes when standard output carries JSON).
func printToStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
