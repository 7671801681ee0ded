import Foundation
import Testing

/// Runs the built `plexus` binary, when it sits next to the tests (a `swift build` before
/// `swift test` puts it there); otherwise there is nothing to check.
@Suite struct ExplainCommandLineTests {
    /// A class of this test target, to find its bundle.
    private final class ExplainTestBundleMarker {}

    /// The `plexus` binary of this build, if built.
    /// Looked for beside the test bundle (macOS) or the test executable (Linux).
    static let binary: URL? = {
        let places = [
            Bundle(for: ExplainTestBundleMarker.self).bundleURL, Bundle.main.bundleURL,
            Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0]),
        ]
        return places.compactMap { $0?.deletingLastPathComponent().appendingPathComponent("plexus") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The exit status, standard output and standard error of `plexus arguments...`.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String)? {
        guard let binary else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputFile = directory.appendingPathComponent("out"), errorFile = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outputFile, encoding: .utf8),
                try String(contentsOf: errorFile, encoding: .utf8))
    }

    @Test func derivativeOfTheSquare() throws {
        guard let result = try ExplainCommandLineTests.run(["explain", "derivative", "--function", "w**2", "--at", "3", "--epsilon", "0.001"])
        else { return }
        #expect(result.status == 0)
        #expect(result.output.contains("6.001000000") && result.output.contains("6.000000000"))
    }

    @Test func unknownFunctionIsOneLineAndStatusTwo() throws {
        guard let result = try ExplainCommandLineTests.run(["explain", "derivative", "--function", "w^4"]) else { return }
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(result.errors.contains("w^2, w^3, 1/w, w, exp(w), log(w), sigmoid(w)"))
    }

    @Test func badLayersAreOneLineAndStatusTwo() throws {
        guard let result = try ExplainCommandLineTests.run(["explain", "graph", "--layers", "3:foo"]) else { return }
        #expect(result.status == 2)
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test func graphInBothFormats() throws {
        guard let text = try ExplainCommandLineTests.run(["explain", "graph"]),
              let dot = try ExplainCommandLineTests.run(["explain", "graph", "--format", "dot", "--layers", "3:relu,1:sigmoid", "--input", "-1,2"])
        else { return }
        #expect(text.status == 0 && text.output.contains("dJ/dw"))
        #expect(dot.status == 0 && dot.output.hasPrefix("digraph"))
        ExplainGraphDOTTests.expectGraphvizAccepts(dot.output)
    }
}
