import Foundation
import Testing
@testable import Plexus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A process killed in the middle of a save leaves the old file intact and loadable.
@Suite(.serialized) struct AtomicSaveTests {
    /// The temporary files of a save of `name` in `folder` (AtomicFile's `.name.tmp-*`).
    func temporaryFiles(_ folder: String, _ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".\(name).tmp-") }
    }

    @Test func killDuringALargeSaveLeavesTheOldFile() throws {
        let executable = try #require(CommandRunner.executable, "the plexus executable was not built beside the tests")
        let folder = try IOTestSupport.folder()
        let path = folder + "/model.plexus"
        let (old, x, _) = try IOTestSupport.trainedDenseModel()
        try old.save(to: path)
        let oldBytes = try Data(contentsOf: URL(fileURLWithPath: path))

        // A child saving a 50-million-parameter model (200 MB) over the same path.
        let process = Process()
        process.executableURL = executable
        process.arguments = ["debug-save-large", path, "--millions", "50"]
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        var killedMidWrite = false
        while process.isRunning && Date() < deadline {
            if let temporary = temporaryFiles(folder, "model.plexus").first,
                let size = try? FileManager.default.attributesOfItem(atPath: folder + "/" + temporary)[.size] as? Int, size > 0
            {
                kill(process.processIdentifier, SIGKILL)
                killedMidWrite = true
                break
            }
            usleep(200)
        }
        process.waitUntilExit()
        #expect(killedMidWrite, "the save ended before the test saw its temporary file")
        #expect(process.terminationReason == .uncaughtSignal)

        // The target is the old file, byte for byte, and loads; the half-written file is apart.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == oldBytes)
        let loaded = try Sequential.load(from: path)
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try old.predict(x)))
        for temporary in temporaryFiles(folder, "model.plexus") {
            #expect(throws: (any Error).self) { try Sequential.load(from: folder + "/" + temporary) }
        }
        // The next save to that path clears what the killed process left; a temporary file of a
        // process that still runs (this one) stays, as it may be mid-write.
        let live = folder + "/.model.plexus.tmp-\(getpid())-test"
        _ = FileManager.default.createFile(atPath: live, contents: Data([1]))
        try old.save(to: path)
        #expect(temporaryFiles(folder, "model.plexus") == [".model.plexus.tmp-\(getpid())-test"])
    }

    @Test func aCompletedSaveReplacesTheFileAndLeavesNoTemporary() throws {
        let executable = try #require(CommandRunner.executable)
        let folder = try IOTestSupport.folder()
        let path = folder + "/model.plexus"
        try IOTestSupport.trainedDenseModel().model.save(to: path)
        let result = try CommandRunner.run(["debug-save-large", path, "--millions", "1"])
        #expect(result.status == 0, "\(result.errors) \(executable)")
        #expect(try Sequential.load(from: path).parameterCount == 1_000_000)
        #expect(temporaryFiles(folder, "model.plexus").isEmpty)
    }
}
