import Foundation
import Testing
@testable import Plexus

/// The commands that take `--model` on a saved functional model: summary shows its graph,
/// predict takes one `--input` per model input, in order.
@Suite struct FunctionalCommandTests {
    static func savedModel() throws -> (path: String, folder: String, model: Model) {
        let folder = try IOTestSupport.folder()
        let model = ModelSaveLoadTests.twoInputModel()
        let path = folder + "/towers.plexus"
        try model.save(to: path)
        return (path, folder, model)
    }

    static func csv(_ tensor: Tensor, to path: String) throws {
        let width = tensor.shape[1]
        var lines = [(0..<width).map { "x\($0)" }.joined(separator: ",")]
        for row in 0..<tensor.shape[0] {
            lines.append((0..<width).map { "\(tensor.scalars[row * width + $0])" }.joined(separator: ","))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func summaryShowsTheGraph() throws {
        let (path, _, _) = try Self.savedModel()
        let result = try CommandRunner.run(["summary", "--model", path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Connected to") && result.output.contains("maximum[0][0]"))
        #expect(result.output.contains("Loss: mean_squared_error"))
    }

    @Test func predictTakesOneInputPerModelInput() throws {
        let (path, folder, model) = try Self.savedModel()
        let (x, _) = ModelSaveLoadTests.data()
        try Self.csv(x[0], to: folder + "/a.csv")
        try Self.csv(x[1], to: folder + "/b.csv")
        let result = try CommandRunner.run(["predict", "--model", path, "--input", folder + "/a.csv", "--input", folder + "/b.csv"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "prediction_0,prediction_1" && lines.count == 25)
        let expected = try model.predict(x)
        let first = lines[1].split(separator: ",").map { Float(String($0))! }
        #expect(zip(first, expected.scalars.prefix(2)).allSatisfy { Swift.abs($0 - $1) < 1e-5 })

        let missing = try CommandRunner.run(["predict", "--model", path, "--input", folder + "/a.csv"])
        #expect(missing.status != 0 && missing.errors.contains("give --input 2 times, in order"), "\(missing.errors)")
        let swapped = try CommandRunner.run(["predict", "--model", path, "--input", folder + "/b.csv", "--input", folder + "/a.csv"])
        #expect(swapped.status != 0 && swapped.errors.contains("b.csv"), "\(swapped.errors)")
    }

    @Test func evaluateTakesOneInputPerModelInputAndTheLabels() throws {
        let (path, folder, model) = try Self.savedModel()
        let (x, y) = ModelSaveLoadTests.data()
        try Self.csv(x[0], to: folder + "/a.csv")
        try Self.csv(x[1], to: folder + "/b.csv")
        try Self.csv(y, to: folder + "/y.csv")
        let arguments = ["evaluate", "--model", path, "--input", folder + "/a.csv", "--input", folder + "/b.csv"]
        let result = try CommandRunner.run(arguments + ["--labels", folder + "/y.csv", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let scores = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let expected = try model.evaluate(x, [y])["loss"] ?? .nan
        #expect(Swift.abs(Float(scores?["loss"] as? Double ?? .nan) - expected) < 1e-4 * Swift.max(1, expected), "\(result.output)")
        #expect(scores?["samples"] as? Int == 24)

        let withoutLabels = try CommandRunner.run(arguments)
        #expect(withoutLabels.status == 64 && withoutLabels.errors.contains("--labels"), "\(withoutLabels.errors)")
        let fromDataset = try CommandRunner.run(["evaluate", "--model", path])
        #expect(fromDataset.status == 2 && fromDataset.errors.contains("give --input 2 times"), "\(fromDataset.errors)")
        try Self.csv(Tensor.zeros([5, 2]), to: folder + "/short.csv")
        let short = try CommandRunner.run(arguments + ["--labels", folder + "/short.csv"])
        #expect(short.status == 2 && short.errors.contains("one label row per sample"), "\(short.errors)")
    }
}

/// `--model resnet`: the graph preset trains, saves and loads through the same commands as a
/// layer list.
@Suite struct ResidualPresetCommandTests {
    @Test func trainsOnImagesAndTheSavedGraphPredicts() throws {
        let folder = try IOTestSupport.folder()
        let path = folder + "/resnet.plexus"
        // A few hundred digits for one epoch: a debug build trains the full set slowly.
        let train = try CommandRunner.run(["train", "--model", "resnet", "--limit", "256", "--epochs", "1", "--json", "--save", path])
        #expect(train.status == 0, "\(train.errors)")
        let result = try JSONSerialization.jsonObject(with: Data(train.output.utf8)) as? [String: Any]
        #expect((result?["test_accuracy"] as? Double).map { $0 >= 0 && $0 <= 1 } == true, "\(train.output)")
        // The digits are 8x8: the dense head reads 2 x 2 x 64 features.
        #expect(result?["parameters"] as? Int == (try Model.residualCNN(inputShape: [8, 8, 1], classes: 10)).parameterCount)

        let summary = try CommandRunner.run(["summary", "--model", path])
        #expect(summary.status == 0 && summary.output.contains("Connected to") && summary.output.contains("add"), "\(summary.errors)")
        let evaluate = try CommandRunner.run(["evaluate", "--model", path, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        let scores = try JSONSerialization.jsonObject(with: Data(evaluate.output.utf8)) as? [String: Any]
        #expect(Swift.abs((scores?["accuracy"] as? Double ?? -1) - (result?["test_accuracy"] as? Double ?? 0)) < 1e-6)
    }

    @Test func summaryOfThePresetAndDataWithoutImages() throws {
        let summary = try CommandRunner.run(["summary", "--model", "resnet"])
        #expect(summary.status == 0 && summary.output.contains("480,074"), "\(summary.errors)")
        let flat = try CommandRunner.run(["train", "--model", "resnet", "--dataset", "breast-cancer"])
        #expect(flat.status == 2 && flat.errors.contains("need images") && flat.errors.contains("resnet"), "\(flat.errors)")
        let unknown = try CommandRunner.run(["train", "--model", "resnet50"])
        #expect(unknown.status == 64 && unknown.errors.contains("resnet"), "\(unknown.errors)")
    }
}
