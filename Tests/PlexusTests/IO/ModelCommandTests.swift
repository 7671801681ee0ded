import Foundation
import Testing
@testable import Plexus

/// plexus train --save, evaluate, predict, export and summary --model, through the built command.
@Suite(.serialized) struct ModelCommandTests {
    @Test func trainSavePredictEvaluateExport() throws {
        let folder = try IOTestSupport.folder()
        let model = folder + "/digits.plexus"
        let train = try CommandRunner.run(["train", "--epochs", "3", "--quiet", "--save", model])
        #expect(train.status == 0, "\(train.errors)")
        let loaded = try Sequential.load(from: model)
        #expect(loaded.inputNormalization?.featureCount == 64)
        // Images are standardised with one mean and deviation over all pixels, from the training split.
        let pixels = try Datasets.digits().split(testFraction: 0.2, seed: 42).train.features.scalars.map(Double.init)
        let mean = pixels.reduce(0, +) / Double(pixels.count)
        let deviation = (pixels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pixels.count)).squareRoot()
        let scaling = try #require(loaded.inputNormalization)
        #expect(scaling.method == .standard)
        #expect(scaling.offset.allSatisfy { abs(Double($0) - mean) < 1e-4 })
        #expect(scaling.scale.allSatisfy { abs(Double($0) - deviation) < 1e-4 })

        // Raw pixels in (0...16), as the CSV of a user would hold them.
        let digits = try Datasets.digits()
        let rows = 5
        var lines = [(0..<64).map { "pixel\($0)" }.joined(separator: ",") + ",label"]
        for row in 0..<rows {
            let sample = digits.features.rows(row..<(row + 1)).scalars
            lines.append(sample.map { "\(Int($0))" }.joined(separator: ",") + ",\(Int(digits.labels.scalars[row]))")
        }
        let input = folder + "/new.csv"
        try lines.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let output = folder + "/predictions.csv"
        let predict = try CommandRunner.run(["predict", "--model", model, "--input", input, "--skip-column", "label", "--output", output])
        #expect(predict.status == 0, "\(predict.errors)")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let table = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(table[0] == ["prediction"] + (0..<10).map { "p_\($0)" })
        #expect(table.count == rows + 1 && table.dropFirst().allSatisfy { $0.count == 11 })
        // Probabilities sum to 1; the class is their argmax; and they are the library's numbers.
        let expected = softmax(try loaded.predict(digits.features.rows(0..<rows)))
        for (row, fields) in table.dropFirst().enumerated() {
            let p = fields.dropFirst().map { Float($0)! }
            #expect(abs(p.reduce(0, +) - 1) < 1e-5)
            #expect(Int(fields[0]) == p.indices.max { p[$0] < p[$1] })
            #expect(p == expected.rows(row..<(row + 1)).scalars)
        }

        let evaluate = try CommandRunner.run(["evaluate", "--model", model, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        let scores = try JSONSerialization.jsonObject(with: Data(evaluate.output.utf8)) as? [String: Any]
        let testCount = digits.split(testFraction: 0.2, seed: 42).test.count
        #expect((scores?["accuracy"] as? Double ?? 0) > 0.5 && scores?["samples"] as? Int == testCount)

        let export = try CommandRunner.run(["export", "--model", model, "--onnx", folder + "/digits.onnx", "--with-softmax"])
        #expect(export.status == 0, "\(export.errors)")
        #expect(try ProtobufMessage(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/digits.onnx")))).int(1) == 8)

        let summary = try CommandRunner.run(["summary", "--model", model])
        #expect(summary.output.contains("dense_2 (Dense)") && summary.output.contains("Input scaling: standard, 64 features"))
    }

    @Test func regressionPredictionsAreInTargetUnits() throws {
        let folder = try IOTestSupport.folder()
        let model = folder + "/diabetes.plexus"
        #expect(try CommandRunner.run(["train", "--dataset", "diabetes", "--epochs", "5", "--quiet", "--save", model]).status == 0)
        let diabetes = try Datasets.diabetes()
        let input = folder + "/x.npy"
        try NPY.write(diabetes.features.rows(0..<4), to: input)
        let predict = try CommandRunner.run(["predict", "--model", model, "--input", input])
        #expect(predict.status == 0, "\(predict.errors)")
        let lines = predict.output.split(separator: "\n")
        #expect(lines.first == "prediction" && lines.count == 5)
        let values = lines.dropFirst().map { Float($0)! }
        #expect(values.allSatisfy { $0 > 20 && $0 < 400 }, "\(values)")  // disease progression is 25...346
    }

    @Test func initWeightsStartsFromImportedWeights() throws {
        let folder = try IOTestSupport.folder()
        let weights = folder + "/w.safetensors"
        var generator = RandomGenerator(seed: 3)
        try Safetensors.write(
            [
                "0.weight": Tensor.uniform([25, 64], low: -0.1, high: 0.1, using: &generator), "0.bias": Tensor.zeros([25]),
                "1.weight": Tensor.uniform([15, 25], low: -0.1, high: 0.1, using: &generator), "1.bias": Tensor.zeros([15]),
                "2.weight": Tensor.uniform([10, 15], low: -0.1, high: 0.1, using: &generator), "2.bias": Tensor.ones([10]),
            ], to: weights)
        let model = folder + "/m.plexus"
        let run = try CommandRunner.run([
            "train", "--init-weights", weights, "--layout", "pytorch", "--epochs", "0", "--quiet", "--save", model,
        ])
        #expect(run.status == 0, "\(run.errors)")
        let (saved, _) = try Safetensors.read(model)
        #expect(saved["dense_2.bias"] == Tensor.ones([10]))
        let bad = try CommandRunner.run(["train", "--init-weights", weights, "--layout", "keras", "--quiet"])
        #expect(bad.status == 2)
        #expect(
            bad.errors
                == "error: \(weights): the tensor '0.weight' has shape [25, 64], but the model's weight 'dense.kernel' of shape [64, 25] needs [64, 25] in Keras layout\n"
        )
    }

    @Test func badFilesAreOneLineAndExitTwo() throws {
        let folder = try IOTestSupport.folder()
        let garbage = folder + "/garbage.plexus"
        try Data("not a model at all".utf8).write(to: URL(fileURLWithPath: garbage))
        for arguments in [
            ["predict", "--model", garbage, "--input", "x.csv"], ["evaluate", "--model", garbage],
            ["export", "--model", garbage, "--onnx", folder + "/x.onnx"], ["summary", "--model", garbage],
            ["predict", "--model", folder + "/missing.plexus", "--input", "x.csv"],
        ] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.hasPrefix("error: ") && result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        }
        let mismatch = folder + "/m.plexus"
        try Sequential(inputShape: [3], seed: 1) { Dense(2) }.save(to: mismatch)
        try "a,b\n1,2\n".write(toFile: folder + "/two.csv", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["predict", "--model", mismatch, "--input", folder + "/two.csv"])
        #expect(result.errors == "error: \(folder)/two.csv has samples of 2 values (shape [2]), but the model takes samples of shape [3]\n")
    }
}
