import Foundation
import Testing

@testable import Plexus

/// `plexus train --dataset features.npy --labels labels.npy`: features read from disk a batch
/// at a time, a folder of shards the same as one file, labels that do not fit an error first.
@Suite(.serialized) struct StreamedTrainingCommandTests {
    /// Features of 3 blobs (600 rows of 4 values) and their labels, as one file and as shards.
    struct Files {
        let folder: String
        init() throws {
            folder = try CommandRunner.temporaryFolder().path
            let (x, y) = TrainingData.blobs(centers: [[0, 0, 1, 1], [3, 3, 0, 0], [0, 4, 4, 0]], count: 200, spread: 1, seed: 9)
            try NPY.write(x, to: folder + "/x.npy")
            try NPY.write(y, to: folder + "/y.npy")
            try NPY.write(y.rows(0..<599), to: folder + "/short.npy")
            try FileManager.default.createDirectory(atPath: folder + "/shards", withIntermediateDirectories: true)
            try NPY.write(x.rows(0..<250), to: folder + "/shards/a.npy")
            try NPY.write(x.rows(250..<600), to: folder + "/shards/b.npy")
        }

        func train(_ features: String, _ labels: String, limitKB: Int? = nil) throws -> CommandRunner.Result {
            try CommandRunner.run(
                [
                    "train", "--dataset", folder + "/" + features, "--labels", folder + "/" + labels, "--layers", "16:relu,3",
                    "--epochs", "10", "--batch-size", "16", "--validation-split", "0.1", "--json",
                ], addressSpaceLimitKB: limitKB)
        }
    }

    static func scores(_ output: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    }

    @Test func shardsTrainAsOneFile() throws {
        let files = try Files()
        let file = try files.train("x.npy", "y.npy")
        #expect(file.status == 0, "\(file.errors)")
        let scores = try #require(Self.scores(file.output))
        #expect((scores["test_accuracy"] as? Double ?? 0) > 0.9)
        let shards = try files.train("shards", "y.npy")
        #expect(shards.status == 0, "\(shards.errors)")
        #expect(Self.scores(shards.output)?["history"] as? NSDictionary == scores["history"] as? NSDictionary)
    }

    @Test func labelsOfAnotherRowCountAreAnErrorBeforeTraining() throws {
        let files = try Files()
        let result = try files.train("x.npy", "short.npy")
        #expect(result.status == 2)
        #expect(result.errors.contains("short.npy' has 599 label rows, but"))
        #expect(result.errors.contains("x.npy' has 600 samples: give one label row per sample"))
        #expect(!result.errors.contains("epoch"))
    }

    @Test func aHostileFeaturesFileIsAnError() throws {
        let files = try Files()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: files.folder + "/x.npy")))
        bytes.removeLast(10)
        try Data(bytes).write(to: URL(fileURLWithPath: files.folder + "/cut.npy"))
        let result = try files.train("cut.npy", "y.npy", limitKB: 1 << 20)
        #expect(result.status == 2)
        #expect(
            result.errors.contains("cut.npy: header says shape (600, 4) of '<f4' = 9600 bytes, file has 9590 bytes of data (truncated?)"))
    }
}
