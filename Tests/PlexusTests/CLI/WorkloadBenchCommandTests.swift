import Foundation
import PlexusBench
import Testing

/// `plexus bench lab|mlp|cnn|infer`: the peers' workloads, run on a few made-up Fashion-MNIST
/// images so that the records' fields and their arithmetic are checked without the real data.
@Suite struct WorkloadBenchCommandTests {
    /// A folder with the four Fashion-MNIST files, IDX (gzipped unless `gzipped` is false), of
    /// `count` 28x28 images each.
    func fakeFashionMNIST(count: Int, gzipped: Bool = true) throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        func idx(_ name: String, dimensions: [Int], bytes: [UInt8]) throws {
            var data: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
            for size in dimensions { data += withUnsafeBytes(of: UInt32(size).bigEndian, Array.init) }
            let file = folder.appendingPathComponent(name)
            try Data(data + bytes).write(to: file)
            guard gzipped else { return }
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
            gzip.arguments = ["-c", "gzip -f \"$0\"", file.path]
            try gzip.run()
            gzip.waitUntilExit()
            try #require(gzip.terminationStatus == 0, "gzip failed")
        }
        // Each image is bright in a band that says its class, so a network can learn them.
        var pixels: [UInt8] = []
        for image in 0..<count {
            for pixel in 0..<784 {
                let inBand = pixel / 78 == image % 10
                pixels.append(inBand ? 200 : UInt8((pixel * 7 + image) % 40))
            }
        }
        let labels = (0..<count).map { UInt8($0 % 10) }
        for part in ["train", "t10k"] {
            try idx("\(part)-images-idx3-ubyte", dimensions: [count, 28, 28], bytes: pixels)
            try idx("\(part)-labels-idx1-ubyte", dimensions: [count], bytes: labels)
        }
        return folder
    }

    func record(_ arguments: [String], data: URL) throws -> [String: Any] {
        let result = try CommandRunner.run(["bench"] + arguments + ["--data", data.path, "--json", "--no-roofline"])
        #expect(result.status == 0, "\(result.errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test func labRecordsThePeersFieldsForEveryEpoch() throws {
        let data = try fakeFashionMNIST(count: 100)
        defer { try? FileManager.default.removeItem(at: data) }
        let lab = try record(["lab", "--train-limit", "64"], data: data)
        #expect(lab["framework"] as? String == "plexus")
        #expect(lab["n_train"] as? Int == 64)
        #expect(lab["params"] as? Int == 784 * 25 + 25 + 25 * 15 + 15 + 15 * 10 + 10)
        #expect((lab["epoch_s"] as? [Double])?.count == 40)
        #expect(lab["steps_per_epoch"] as? Int == 2)
        let accuracy = try #require(lab["acc_test"] as? Double)
        #expect(accuracy > 0.5, "the bands make the classes easy to learn")
        let first = try #require(lab["loss_first_epoch"] as? Double), last = try #require(lab["loss_last_epoch"] as? Double)
        #expect(last < first)
        #expect(lab["train_gflop"] as? Double == (81_550.0 * 64 * 40 / 1e9 * 1e6).rounded() / 1e6)
        #expect(lab["roofline_fraction"] is NSNull)
        #expect((lab["peak_rss_mb"] as? Double ?? 0) > 0)
    }

    @Test func inferReportsMedianAndPercentilesOfEachPath() throws {
        let data = try fakeFashionMNIST(count: 10)
        defer { try? FileManager.default.removeItem(at: data) }
        let infer = try record(["infer", "--calls", "50"], data: data)
        let paths = try #require(infer["infer"] as? [String: [String: Any]])
        for path in ["predict", "call"] {
            let timing = try #require(paths[path])
            let (p10, median, p90) = (
                timing["p10_us"] as? Double ?? -1, timing["median_us"] as? Double ?? -1, timing["p90_us"] as? Double ?? -1
            )
            #expect(0 < p10 && p10 <= median && median <= p90, "\(path): \(timing)")
            #expect(timing["calls"] as? Int == 50)
        }
        #expect(infer["infer_median_us"] as? Double == paths["predict"]?["median_us"] as? Double)
    }

    /// W4 reads only the test files, under any name the data set loader accepts: unzipped too.
    @Test func inferReadsUnzippedFiles() throws {
        let data = try fakeFashionMNIST(count: 10, gzipped: false)
        defer { try? FileManager.default.removeItem(at: data) }
        let infer = try record(["infer", "--calls", "20"], data: data)
        #expect(infer["infer_median_us"] as? Double ?? 0 > 0)
    }

    @Test func missingDataNamesThePackage() throws {
        let result = try CommandRunner.run(["bench", "mlp", "--data", "/nonexistent-plexus-folder", "--no-roofline"])
        #expect(result.status != 0)
        #expect(result.errors.contains("Fashion-MNIST") && !result.errors.contains("Fatal error"))
    }
}

/// The operation counts the roofline divides by, worked by hand from each network's shapes.
@Suite struct PeerWorkloadTests {
    @Test func trainingOperationsCountForwardAndBothGradients() {
        // lab: 784x25 + 25x15 + 15x10 = 20,125 multiply-adds forward; backward the weight
        // gradients (20,125) and the input gradients of layers 2 and 3 (525); two FLOP each.
        #expect(PeerWorkload.lab.trainingFLOPPerSample == 2 * (20_125 + 20_125 + 525))
        #expect(PeerWorkload.mlp.trainingFLOPPerSample == 2 * (668_672 * 3 - 401_408))
        let cnnForward = 26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 1_600 * 128 + 1_280
        #expect(PeerWorkload.cnn.trainingFLOPPerSample == Double(2 * (cnnForward * 3 - 26 * 26 * 32 * 9)))
        #expect(PeerWorkload.mlp.trainingFLOP == PeerWorkload.mlp.trainingFLOPPerSample * 180_000)
    }

    @Test func workloadsMatchThePeersDefinitions() throws {
        #expect(PeerWorkload.allCases.map(\.trainingSamples) == [5_000, 60_000, 60_000])
        #expect(PeerWorkload.allCases.map(\.batchSize) == [32, 128, 128])
        #expect(PeerWorkload.allCases.map(\.epochs) == [40, 3, 1])
        #expect(try PeerWorkload.cnn.makeModel(seed: 1).parameterCount == 225_034)
    }
}
