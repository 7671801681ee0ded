import Foundation
import Testing

/// Multi-label classification from the command: several 0/1 label columns (`--label a,b,c`)
/// train one sigmoid per label, and `predict` and `evaluate` answer per label.
@Suite(.serialized) struct MultiLabelCommandTests {
    /// A learnable table: 8 features, labels a, b, c placed among them (a half-plane, a corner,
    /// outside a band; 1% flipped), as Tests/PlexusTests/Data/Fixtures/make_multilabel.py writes.
    static func table(rows: Int) -> [String] {
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        func gaussian() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        var lines = ["f0,f1,a,f2,f3,f4,b,f5,f6,f7,c"]
        for _ in 0..<rows {
            let f = (0..<8).map { _ in gaussian() }
            let labels = [f[0] + f[1] > 0, f[2] > -0.3 && f[3] > -0.3, abs(f[4]) > 0.7].map { label in
                (label != (uniform() < 0.01)) ? "1" : "0"
            }
            let x = f.map { String(format: "%.5f", $0) }
            lines.append(([x[0], x[1], labels[0], x[2], x[3], x[4], labels[1], x[5], x[6], x[7], labels[2]]).joined(separator: ","))
        }
        return lines
    }

    func write(_ lines: [String], name: String = "data.csv") throws -> String {
        let file = try CommandRunner.temporaryFolder().appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.run(arguments + ["--json"])
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(result.output)")
    }

    func expectFailure(_ arguments: [String], mentions words: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.errors)")
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Backtrace"), "\(arguments): \(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1, "\(arguments): \(result.errors)")
        for word in words { #expect(result.errors.contains(word), "\(arguments): \(result.errors)") }
    }

    /// The check: per-label test accuracy of 0.93 or more with the course's layers, and
    /// a saved model whose predictions name every label, one row per input row.
    @Test func threeSigmoidsLearnThreeLabels() throws {
        let data = try write(Self.table(rows: 2000))
        let model = (data as NSString).deletingLastPathComponent + "/labels.plexus"
        let report = try json([
            "train", "--dataset", data, "--label", "a,b,c", "--layers", "32:relu,16:relu,3:sigmoid", "--epochs", "120", "--save", model,
        ])
        let labels = try #require(report["test_labels"] as? [String: [String: Double]], "\(report)")
        #expect(Set(labels.keys) == ["a", "b", "c"])
        for (name, scores) in labels {
            #expect((scores["accuracy"] ?? 0) >= 0.93, "label \(name): \(scores)")
            #expect(scores["precision"] != nil && scores["recall"] != nil && scores["f1"] != nil)
        }
        let hamming = try #require(report["test_hamming_loss"] as? Double)
        let mean = try #require(report["test_accuracy"] as? Double)
        #expect(abs(mean - (1 - hamming)) < 1e-5 && (report["test_exact_match"] as? Double ?? 0) > 0.8, "\(report)")
        let history = try #require(report["history"] as? [String: [Double]])
        #expect(history["accuracy"]?.count == 120)

        // predict: the training file with its label columns left out, and a file of features.
        let predicted = try CommandRunner.run(["predict", "--model", model, "--input", data, "--skip-column", "a,b,c"])
        #expect(predicted.status == 0, "\(predicted.errors)")
        let lines = predicted.output.split(separator: "\n")
        #expect(lines.first == "a,b,c,p_a,p_b,p_c")
        #expect(lines.count == 2001)
        let row = try #require(lines.dropFirst().first).split(separator: ",")
        #expect(row.count == 6 && row.prefix(3).allSatisfy { $0 == "0" || $0 == "1" }, "\(row)")
        let features = try write(["f0,f1,f2,f3,f4,f5,f6,f7", "1,1,0,0,2,0,0,0", "-1,-1,-1,-1,0,0,0,0", "0,0,0,0,0,0,0,0"], name: "new.csv")
        let fresh = try CommandRunner.run(["predict", "--model", model, "--input", features, "--threshold", "0.7"])
        #expect(fresh.status == 0, "\(fresh.errors)")
        let freshLines = fresh.output.split(separator: "\n")
        #expect(freshLines.count == 4 && freshLines.first == "a,b,c,p_a,p_b,p_c", "\(fresh.output)")
        #expect(freshLines.dropFirst().first?.hasPrefix("1,1,1,") == true, "\(fresh.output)")
        #expect(freshLines.dropFirst().dropFirst().first?.hasPrefix("0,0,0,") == true, "\(fresh.output)")

        // evaluate: the same test part, judged per label.
        let evaluated = try json(["evaluate", "--model", model, "--dataset", data])  // the model names its label columns
        let evaluatedLabels = try #require(evaluated["labels"] as? [String: [String: Double]], "\(evaluated)")
        #expect(evaluatedLabels["b"]?["accuracy"] == labels["b"]?["accuracy"], "\(evaluated)")
        #expect(evaluated["exact_match"] != nil && evaluated["hamming_loss"] != nil && evaluated["samples"] as? Int == 400)
        let text = try CommandRunner.run(["evaluate", "--model", model, "--dataset", data, "--label", "a", "--label", "b", "--label", "c"])
        #expect(text.output.contains("confusion matrix of each label") && text.output.contains("precision"), "\(text.output)")
    }

    @Test func repeatedLabelOptionsAreTheSameAsACommaList() throws {
        let data = try write(Self.table(rows: 200))
        let listed = try json(["train", "--dataset", data, "--label", "c,a", "--epochs", "2"])
        let repeated = try json(["train", "--dataset", data, "--label", "c", "--label", "a", "--epochs", "2"])
        #expect(listed["test_loss"] as? Double == repeated["test_loss"] as? Double)
        #expect(Set((listed["test_labels"] as? [String: Any])?.keys.map { $0 } ?? []) == ["a", "c"])
        let text = try CommandRunner.run(["train", "--dataset", data, "--label", "a,b,c", "--epochs", "1"])
        #expect(
            text.output.contains("multi-label classification of 3 labels") && text.output.contains("3 sigmoid probabilities"),
            "\(text.output)")
        #expect(text.output.contains("exact match") && text.output.contains("Hamming loss"), "\(text.output)")
    }

    /// A linear last layer trains on logits (binary cross-entropy from logits); predict still
    /// gives probabilities.
    @Test func logitsArePredictedAsProbabilities() throws {
        let data = try write(Self.table(rows: 200))
        let model = (data as NSString).deletingLastPathComponent + "/logits.plexus"
        let result = try CommandRunner.run([
            "train", "--dataset", data, "--label", "a,b,c", "--layers", "8:relu,3", "--epochs", "2", "--save", model,
        ])
        #expect(
            result.status == 0 && result.output.contains("binary_crossentropy") || result.output.contains("3 logits"), "\(result.output)")
        let predicted = try CommandRunner.run(["predict", "--model", model, "--input", data, "--skip-column", "a", "--skip-column", "b,c"])
        let probabilities = predicted.output.split(separator: "\n").dropFirst().flatMap { $0.split(separator: ",").dropFirst(3) }
        #expect(
            !probabilities.isEmpty && probabilities.allSatisfy { Double($0).map { $0 >= 0 && $0 <= 1 } ?? false },
            "\(predicted.output.prefix(300))")
    }

    @Test func oneHotColumnsWithCategoricalCrossentropyAreMulticlass() throws {
        var lines = ["x,y,red,green,blue"]
        for index in 0..<150 {
            let hot = index % 3
            lines.append("\(Double(hot) + Double(index % 7) / 10),\(index % 5),\(hot == 0 ? 1 : 0),\(hot == 1 ? 1 : 0),\(hot == 2 ? 1 : 0)")
        }
        let data = try write(lines)
        let report = try json([
            "train", "--dataset", data, "--label", "red,green,blue", "--loss", "categorical-crossentropy", "--epochs", "30",
        ])
        #expect((report["test_accuracy"] as? Double ?? 0) >= 0.9 && report["test_labels"] == nil, "\(report)")
        try expectFailure(
            ["train", "--dataset", try write(Self.table(rows: 50)), "--label", "a,b,c", "--loss", "cce", "--epochs", "1"],
            mentions: ["one-hot", "binary-crossentropy"])
    }

    @Test func numberColumnsAreMultiOutputRegression() throws {
        var lines = ["x,z,height,weight"]
        for index in 0..<100 { lines.append("\(index),\(index % 7),\(Double(index) * 1.5),\(Double(index % 7) * 0.25 + 3)") }
        let data = try write(lines)
        let report = try json(["train", "--dataset", data, "--label", "height,weight", "--epochs", "5"])
        #expect(report["test_mse"] != nil && report["test_labels"] == nil, "\(report)")
        try expectFailure(
            ["train", "--dataset", data, "--label", "height,weight", "--loss", "bce"],
            mentions: ["\"height\"".replacingOccurrences(of: "\"", with: "'"), "--loss mse"])
        try expectFailure(
            ["train", "--dataset", data, "--label", "height,weight", "--loss", "scce"], mentions: ["one column of class indices"])
    }

    @Test func badLabelColumnsAreClearErrors() throws {
        let data = try write(Self.table(rows: 50))
        try expectFailure(["train", "--dataset", data, "--label", "a,bus,c"], mentions: ["no column \"bus\"", "\"f0\""])
        try expectFailure(["train", "--dataset", data, "--label", "a,b,a"], mentions: ["\"a\" is listed twice"])
        try expectFailure(["train", "--dataset", data, "--label", "a", "--label", "A"], mentions: ["listed twice"])
        try expectFailure(["evaluate", "--model", "nothing.plexus", "--dataset", data, "--label", "a,,c"], mentions: ["nothing.plexus"])
        try expectFailure(["train", "--dataset", data, "--label", "a,,c"], mentions: ["no column \"\""])
        let sameName = try write(["x,a,a,b", "1,0,1,1", "2,1,0,0", "3,1,1,0", "4,0,0,1"])
        try expectFailure(["train", "--dataset", sameName, "--label", "a,b"], mentions: ["2 columns named \"a\"", "also be a feature"])
        let missing = try write(["x,a,b", "1,0,1", "2,,0", "3,1,1", "4,0,0"])
        try expectFailure(["train", "--dataset", missing, "--label", "a,b"], mentions: ["line 3", "\"a\"", "empty"])
        let text = try write(["x,a,b", "1,0,1", "2,yes,0", "3,1,1", "4,0,0"])
        try expectFailure(["train", "--dataset", text, "--label", "a,b"], mentions: ["line 3", "\"yes\"", "several label columns"])
        let onlyLabels = try write(["a,b", "1,0", "0,1"])
        try expectFailure(["train", "--dataset", onlyLabels, "--label", "a,b"], mentions: ["only the label columns"])
        try expectFailure(
            ["train", "--dataset", data, "--label", "a,b,c", "--layers", "8:relu,2:sigmoid"], mentions: ["3 labels", "3:sigmoid"])
        try expectFailure(
            ["train", "--dataset", data, "--label", "a,b,c", "--layers", "8:relu,3:softmax"], mentions: ["softmax", "3:sigmoid"])
    }

    @Test func thresholdMustBeAProbability() throws {
        for value in ["0", "1", "-0.5", "1.5", "nan", "inf"] {  // "=" keeps -0.5 a value, not an option
            try expectFailure(["predict", "--model", "m.plexus", "--input", "x.csv", "--threshold=\(value)"], mentions: ["--threshold"])
        }
    }
}
