import Foundation
import Testing

/// `plexus train` end to end, through the built command, on the bundled data sets.
@Suite(.serialized) struct TrainCommandTests {
    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.run(["train", "--json"] + arguments)
        #expect(result.status == 0, "\(result.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(result.output)")
    }

    /// How fast it trains is `plexus bench digits`'s to say (a release benchmark), not a test's.
    @Test func digitsLabReachesNinetyFivePercent() throws {
        let report = try json([])
        let accuracy = try #require(report["test_accuracy"] as? Double)
        let seconds = try #require(report["seconds"] as? Double)
        #expect(accuracy >= 0.95, "digits test accuracy \(accuracy)")
        #expect(seconds > 0, "the report's training time \(seconds) s")
        #expect(report["dataset"] as? String == "digits" && report["epochs"] as? Int == 40)
        #expect(report["parameters"] as? Int == 64 * 25 + 25 + 25 * 15 + 15 + 15 * 10 + 10)
        let history = try #require(report["history"] as? [String: [Double]])
        #expect(history["loss"]?.count == 40 && history["accuracy"]?.count == 40)
    }

    @Test func breastCancerIsBinaryAndAccurate() throws {
        let report = try json(["--dataset", "breast-cancer"])
        #expect((report["test_accuracy"] as? Double ?? 0) >= 0.95, "\(report)")
    }

    @Test func diabetesIsRegression() throws {
        let report = try json(["--dataset", "diabetes"])
        #expect((report["test_r2"] as? Double ?? 0) >= 0.40, "\(report)")
        #expect(report["test_mse"] != nil && report["test_accuracy"] == nil)
    }

    /// A data set no test has seen: a CSV with a header, a named label column of class names
    /// in the middle, and noise; it trains and evaluates with no code changes.
    @Test func unseenCSVWithNamedLabelColumn() throws {
        let folder = try CommandRunner.temporaryFolder()
        var lines = ["width,species,height,noise"]
        var state: UInt32 = 12345
        func random() -> Double {
            state = state &* 1_103_515_245 &+ 12345
            return Double(state >> 8) / Double(1 << 24)
        }
        for index in 0..<300 {
            let species = ["setosa", "versicolor", "virginica"][index % 3]
            let center = Double(index % 3) * 2
            lines.append("\(center + random()),\(species),\(4 - center + random()),\(random())")
        }
        let file = folder.appendingPathComponent("plants.csv")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let report = try json(["--dataset", file.path, "--label", "species", "--epochs", "30"])
        #expect((report["test_accuracy"] as? Double ?? 0) >= 0.9, "\(report)")
    }

    @Test func textOutputShowsTheLab() throws {
        let result = try CommandRunner.run(["--epochs", "3"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Epoch 3/3"))
        #expect(result.output.contains("test accuracy:"))
        #expect(result.output.contains("confusion matrix"))
        #expect(result.output.contains("test samples (mistakes first):"))
        #expect(result.output.contains("Total params: 2,175"))
        #expect(!result.output.contains("\u{1B}"), "no control characters when not a terminal")
    }

    @Test func summaryBeforeTraining() throws {
        let result = try CommandRunner.run(["summary", "--layers", "25:relu,15:relu,10", "--input-shape", "400"])
        #expect(result.status == 0)
        #expect(result.output.contains("Total params: 10,575 (41.31 KB)"))
    }
}

/// Bad input is one line naming the problem and exit status 2, never a backtrace.
@Suite struct CommandErrorTests {
    func expectFailure(_ arguments: [String], mentioning words: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "exit status \(result.status): \(result.errors)")
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(result.errors)")
        for word in words { #expect(result.errors.contains(word), "'\(result.errors)' should mention \(word)") }
        #expect(!result.errors.contains("Stack dump") && !result.errors.contains("Fatal error"))
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let file = try CommandRunner.temporaryFolder().appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func missingFile() throws {
        try expectFailure(["train", "--dataset", "/no/such/data.csv"], mentioning: ["/no/such/data.csv"])
    }

    @Test func malformedCSVRow() throws {
        let path = try writeFile("bad.csv", "a,b,label\n1,2,0\n3,oops,1\n")
        try expectFailure(["train", "--dataset", path], mentioning: ["bad.csv", "line 3", "oops"])
    }

    @Test func unknownLabelColumn() throws {
        let path = try writeFile("table.csv", "a,b,label\n1,2,0\n3,4,1\n")
        try expectFailure(["train", "--dataset", path, "--label", "target"], mentioning: ["target", "label"])
    }

    @Test func emptyDataSet() throws {
        let path = try writeFile("empty.csv", "a,b,label\n")
        try expectFailure(["train", "--dataset", path], mentioning: ["empty.csv"])
    }

    @Test func idxHeaderThatDoesNotMatchItsSize() throws {
        let folder = try CommandRunner.temporaryFolder()
        // An IDX image file whose header promises 10 images of 28x28 but holds 5 bytes.
        var images = Data([0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28])
        images.append(contentsOf: [1, 2, 3, 4, 5])
        try images.write(to: folder.appendingPathComponent("train-images-idx3-ubyte"))
        try Data([0, 0, 8, 1, 0, 0, 0, 10] + [UInt8](repeating: 1, count: 10))
            .write(to: folder.appendingPathComponent("train-labels-idx1-ubyte"))
        try expectFailure(["train", "--dataset", folder.path], mentioning: ["train-images-idx3-ubyte"])
    }

    @Test func layersThatDoNotParse() throws {
        try expectFailure(["train", "--layers", "25:relu,abc,10"], mentioning: ["abc"])
        try expectFailure(["train", "--layers", "25:wiggle,10"], mentioning: ["wiggle"])
    }

    @Test func outputThatDoesNotFitTheClasses() throws {
        try expectFailure(["train", "--layers", "25:relu,7"], mentioning: ["7 outputs", "10 classes"])
    }
}
