import Foundation
import Testing
@testable import Plexus

/// `plexus train`, `summary`, `predict` and `evaluate` given what a hostile (or hurried) user
/// gives them: every case ends in a correct result or one clear line and the documented exit
/// status, never a backtrace.
@Suite(.serialized) struct HostileTrainingTests {
    /// Runs the command and checks it failed cleanly with `status`, its message containing `words`.
    func expectFailure(_ arguments: [String], status: Int32 = 2, mentions words: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == status, "\(arguments): \(result.errors)")
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Backtrace"), "\(arguments): \(result.errors)")
        #expect(result.errors.split(separator: "\n").count <= 3, "\(arguments): \(result.errors)")
        for word in words { #expect(result.errors.contains(word), "\(arguments): \(result.errors)") }
    }

    func csv(_ lines: [String], name: String = "data.csv") throws -> String {
        let file = try CommandRunner.temporaryFolder().appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func layersThatDoNotFitTheData() throws {
        try expectFailure(["--model", "cnn"], mentions: ["MaxPooling2D", "fashion-mnist"])
        try expectFailure(["--layers", "conv:8:9,flatten,10"], mentions: ["9x9", "8x8"])
        try expectFailure(["--layers", "flatten,conv:8:3,10"], mentions: ["layer 2, Conv2D"])
        try expectFailure(["--layers", "100000000"], mentions: ["PLEXUS_MAX_PARAMETERS"])
        try expectFailure(["--layers", "conv:8:3,10"], mentions: ["Flatten"])
        try expectFailure(["--dataset", "breast-cancer", "--layers", "conv:8:3,flatten,1"], mentions: ["need images"])
        try expectFailure(["summary", "--layers", "conv:8:3,10", "--input-shape", "10"], mentions: ["Conv2D"])
        try expectFailure(["explain", "graph", "--layers", "100000,1"], mentions: ["too many"])
    }

    @Test func labelsTwoAndFiveAreABinaryTaskReportedAsTwoAndFive() throws {
        var lines = ["a,b,y"]
        for index in 0..<60 {
            let high = index % 2 == 1
            lines.append("\(high ? 3 + Double(index % 7) / 10 : Double(index % 5) / 10),\(index % 3),\(high ? 5 : 2)")
        }
        let file = try csv(lines)
        let model = file + ".plexus"
        let train = try CommandRunner.run(["train", "--dataset", file, "--save", model, "--epochs", "30", "--json"])
        #expect(train.status == 0, "\(train.errors)")
        let report = try JSONSerialization.jsonObject(with: Data(train.output.utf8)) as? [String: Any]
        #expect((report?["test_accuracy"] as? Double ?? 0) >= 0.9, "\(train.output)")
        let predicted = try CommandRunner.run(["predict", "--model", model, "--input", file, "--skip-column", "y"])
        #expect(predicted.status == 0, "\(predicted.errors)")
        let rows = predicted.output.split(separator: "\n")
        #expect(rows.first == "prediction,p_2,p_5")
        #expect(rows.count == 61)
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("2,") || $0.hasPrefix("5,") }, "\(rows.prefix(4))")
        let evaluated = try CommandRunner.run(["evaluate", "--model", model, "--dataset", file, "--json"])
        #expect(evaluated.status == 0 && evaluated.output.contains("\"accuracy\""), "\(evaluated.errors)")
    }

    @Test func labelsThatDoNotFitTheLoss() throws {
        try expectFailure(["--dataset", "diabetes", "--loss", "binary-crossentropy"], mentions: ["regression"])
        try expectFailure(["--loss", "binary-crossentropy"], mentions: ["10"])
        try expectFailure(["--dataset", "diabetes", "--loss", "sparse-categorical-crossentropy"], mentions: ["regression"])
        let single = try csv(["a,y", "1,3", "2,3", "3,3", "4,3"])
        try expectFailure(["--dataset", single], mentions: ["same class"])
        let flat = try csv(["y", "1", "0"])
        let result = try CommandRunner.run(["--dataset", flat])
        #expect(result.status == 2 && !result.errors.contains("Fatal error"), "\(result.errors)")
    }

    @Test func largeLabelValuesSizeNothing() throws {
        var lines = ["a,y"]
        for index in 0..<40 { lines.append("\(index % 2),\(index % 2 == 0 ? 1_000_000 : 3)") }
        let result = try CommandRunner.run(["--dataset", try csv(lines), "--epochs", "2", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        // One feature, the lab's hidden layers, one sigmoid output: the labels sized nothing.
        let parameters = 25 + 25 + 375 + 15 + 15 + 1
        #expect(result.output.contains("\"parameters\": \(parameters)"), "\(result.output)")
    }

    @Test func emptyTrainingPartAndBadOptions() throws {
        try expectFailure(["--test-fraction", "0.9999"], mentions: ["no samples to train on"])
        // Option values out of range are usage errors, found before anything is read.
        try expectFailure(["--batch-size", "0"], status: 64, mentions: ["--batch-size"])
        try expectFailure(["--epochs=-1"], status: 64, mentions: ["--epochs"])
        try expectFailure(["--limit", "0"], status: 64, mentions: ["--limit"])
        try expectFailure(["--layers", "10", "--model", "lab"], status: 64, mentions: ["choose one"])
        try expectFailure(["--normalize", "zscore"], status: 64, mentions: ["'standard', 'minmax' or 'none'"])
        try expectFailure(["--layout", "tf"], status: 64, mentions: ["--layout"])
        try expectFailure(["--save", "/nonexistent-folder/model.plexus"], mentions: ["does not exist"])
    }

    @Test func aDivergedRunExitsOneAndKeepsTheGoodModel() throws {
        let folder = try CommandRunner.temporaryFolder().path
        let model = folder + "/good.plexus"
        let good = try CommandRunner.run(["train", "--epochs", "2", "--save", model, "--quiet"])
        #expect(good.status == 0, "\(good.errors)")
        let before = try Data(contentsOf: URL(fileURLWithPath: model))
        try expectFailure(
            ["train", "--optimizer", "sgd", "--learning-rate", "1000000", "--save", model, "--quiet"], status: 1,
            mentions: ["diverged", "nothing was saved"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == before)
    }

    @Test func modelsWithNonFiniteWeightsAreRefused() throws {
        let folder = try CommandRunner.temporaryFolder().path
        let model = Sequential(inputShape: [64], seed: 1) { Dense(10) }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        var weights = model.weights
        weights[0] = Tensor(shape: weights[0].shape, scalars: Array(repeating: .nan, count: weights[0].count))
        model.setWeights(weights)
        try model.save(to: folder + "/nan.plexus")
        try expectFailure(["evaluate", "--model", folder + "/nan.plexus"], mentions: ["NaN"])
        let csvFile = try csv(["a,b", "1,2"])
        try expectFailure(["predict", "--model", folder + "/nan.plexus", "--input", csvFile], mentions: ["NaN"])
    }
}
