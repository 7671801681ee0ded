import Foundation
import Testing

@testable import Plexus

/// `plexus train` under Open MPI's `mpirun`, on loopback; skipped where Open MPI is not
/// installed (Debian: openmpi-bin, libopenmpi3).
@Suite(.enabled(if: OpenMPISupport.isInstalled, "Open MPI is not installed"))
struct OpenMPITrainTests {
    static let mpirun = OpenMPISupport.mpirun

    /// 1437 training digits in global batches of 64: the last batch (29 rows) splits 14 + 15.
    static let training = ["train", "--dataset", "digits", "--layers", "32:relu,10", "--epochs", "3", "--batch-size", "64", "--json"]

    /// Runs `command` (a program and its arguments) on `ranks` ranks; returns the status, the
    /// standard output and the standard error.
    static func launch(ranks: Int, _ command: [String]) throws -> (status: Int32, output: String, errors: String) {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let errorFile = folder.appendingPathComponent("errors.txt")
        #expect(FileManager.default.createFile(atPath: errorFile.path, contents: nil))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun!)
        // Loopback only; as root Open MPI needs --allow-run-as-root; --timeout bounds a test that would hang.
        process.arguments =
            ["-np", "\(ranks)", "--oversubscribe", "--timeout", "120", "--mca", "btl_tcp_if_include", "lo"]
            + (getuid() == 0 ? ["--allow-run-as-root"] : []) + command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), try String(contentsOf: errorFile, encoding: .utf8))
    }

    static func results(_ json: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func twoRanksTrainAsOneProcessAndEndWithTheSameWeights() throws {
        let plexus = try #require(CommandRunner.executable).path
        let alone = try CommandRunner.run(Self.training)
        #expect(alone.status == 0, "\(alone.errors)")
        let both = try Self.launch(ranks: 2, [plexus] + Self.training)
        #expect(both.status == 0, "\(both.errors)")
        // One JSON result (rank 0's) on standard output.
        #expect(both.output.split(separator: "\n").count == 1)
        // Every rank compared its weights' digest with rank 0's.
        #expect(both.errors.contains("distributed: 2 ranks, the same weights on every rank"))
        let (one, two) = (try Self.results(alone.output), try Self.results(both.output))
        let (loss, reference) = (try #require(two["train_loss"] as? Double), try #require(one["train_loss"] as? Double))
        #expect(abs(loss - reference) <= 1e-4 * reference)
        let accuracy = try #require(two["test_accuracy"] as? Double), referenceAccuracy = try #require(one["test_accuracy"] as? Double)
        #expect(abs(accuracy - referenceAccuracy) <= 0.002)
    }

    /// A bad file on one rank ends every rank (MPI_Abort) with that rank's message.
    @Test func aRankWithABadFileEndsTheJob() throws {
        let plexus = try #require(CommandRunner.executable).path
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.csv")
        try "a,b,label\n1,2,0\n3,4\n".write(to: bad, atomically: true, encoding: .utf8)
        let script = """
            if [ "$OMPI_COMM_WORLD_RANK" = 1 ]; then exec "\(plexus)" train --dataset "\(bad.path)" --quiet; fi
            exec "\(plexus)" \(Self.training.joined(separator: " ")) --epochs 1000
            """
        let result = try Self.launch(ranks: 2, ["/bin/sh", "-c", script])
        #expect(result.status == 2)
        #expect(result.errors.contains("error: rank 1 of 2: \(bad.path) line 3"))
    }
}

/// Whether this machine can run the tests that launch `mpirun`.
enum OpenMPISupport {
    static let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isInstalled: Bool { mpirun != nil && (try? MPILibrary.shared.get()) != nil }
}
