import Foundation
import Testing
@testable import Plexus

/// Helpers for the data loader tests: fixture paths, scratch files, and catching DataErrors.
enum DataTesting {
    /// The committed fixture file `name` (made by Fixtures/make_fixtures.py).
    static func fixture(_ name: String) -> String {
        guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the test fixtures are missing from the test bundle")
        }
        return folder.appendingPathComponent(name).path
    }

    /// A new empty folder for one test's files.
    static func scratchFolder() -> String {
        TestScratch.folder("plexus-data").path
    }

    /// Writes `text` to `name` in a new scratch folder and returns its path.
    static func write(_ text: String, named name: String = "data.csv") -> String {
        write(Array(text.utf8), named: name)
    }

    /// Writes `bytes` to `name` in a new scratch folder and returns its path.
    static func write(_ bytes: [UInt8], named name: String) -> String {
        let path = scratchFolder() + "/" + name
        let created = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        precondition(created, "cannot write the test file \(path)")
        return path
    }

    /// The DataError `body` throws, or nil (an Issue is recorded) when it throws none.
    static func error<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> DataError? {
        do {
            _ = try body()
            Issue.record("expected a DataError, but nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as DataError {
            return error
        } catch {
            Issue.record("expected a DataError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// The message of the DataError `body` throws ("" when none).
    static func message<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        error(body, sourceLocation: sourceLocation)?.description ?? ""
    }
}
