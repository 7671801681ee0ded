import Foundation

/// Runs the built `plexus` command, which SwiftPM puts beside the test binary.
enum CommandRunner {
    struct Result {
        let status: Int32
        let output: String
        let errors: String
    }

    static var executable: URL? {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On macOS the test binary sits inside a .xctest bundle.
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            folder = folder.deletingLastPathComponent()
        }
        let candidate = folder.appendingPathComponent("plexus")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Runs `plexus` with `arguments`. `input` is written to its standard input (which is
    /// otherwise inherited); `output`, when given, is its standard output instead of a pipe
    /// (``Result/output`` is then empty). With `addressSpaceLimitKB`, it runs under that cap on
    /// its virtual memory (`ulimit -v`), so that an allocation a small input cannot justify fails.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, output outputFile: FileHandle? = nil,
        addressSpaceLimitKB: Int? = nil
    ) throws -> Result {
        guard let executable else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the plexus executable was not built beside the tests"])
        }
        let process = Process()
        if let addressSpaceLimitKB {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -v \(addressSpaceLimitKB) && exec \"$0\" \"$@\"", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = outputFile ?? output
        process.standardError = errors
        if input != nil { process.standardInput = standardInput }
        try process.run()
        if let input {
            let writer = standardInput.fileHandleForWriting
            Thread {
                // The command may stop reading early: a failed write only ends the input.
                try? writer.write(contentsOf: input)
                try? writer.close()
            }.start()
        }
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let errorData = UncheckedBox<Data>()
        let reader = Thread { errorData.value = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = outputFile == nil ? output.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        while errorData.value == nil { usleep(1000) }
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData.value ?? Data(), as: UTF8.self))
    }

    /// A fresh folder for one test's files.
    static func temporaryFolder() throws -> URL {
        TestScratch.folder("plexus-cli")
    }
}

/// A value written by one thread and read by another, behind a lock: the readers poll it
/// while the writer thread may still be storing it (thread sanitizer found the unlocked
/// version racing).
final class UncheckedBox<Value>: @unchecked Sendable {
    // @unchecked: every access to `stored` holds `lock`.
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
