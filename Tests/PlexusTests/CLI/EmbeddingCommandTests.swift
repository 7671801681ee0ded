import Foundation
import Testing

/// The new layers from the command: an embedding model on a CSV of token columns, end to end;
/// Keras's parameter count in `summary`; the normalization entry adapted to the training data.
@Suite(.serialized) struct EmbeddingCommandTests {
    /// 400 rows of six tokens from 0..<20 and a label: 1 when most tokens are below 10.
    func tokenCSV() throws -> String {
        var state: UInt32 = 2024
        func token() -> Int {
            state = state &* 1_103_515_245 &+ 12345
            return Int(state >> 16) % 20
        }
        var lines = ["t1,t2,t3,t4,t5,t6,label"]
        for _ in 0..<400 {
            let tokens = (0..<6).map { _ in token() }
            let low = tokens.filter { $0 < 10 }.count
            guard low != 3 else { continue }
            lines.append(tokens.map(String.init).joined(separator: ",") + ",\(low > 3 ? 1 : 0)")
        }
        let file = try CommandRunner.temporaryFolder().appendingPathComponent("tokens.csv")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func summaryGivesKerasParameterCount() throws {
        let result = try CommandRunner.run([
            "summary", "--layers", "embedding:1000:16,globalavgpool1d,16:relu,1:sigmoid", "--input-shape", "20",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Total params: 16,289"), "\(result.output)")
    }

    @Test func embeddingModelTrainsOnTokenColumnsAndPredicts() throws {
        let csv = try tokenCSV()
        let model = try CommandRunner.temporaryFolder().appendingPathComponent("tokens.plexus").path
        let result = try CommandRunner.run([
            "train", "--dataset", csv, "--layers", "embedding:20:8,globalavgpool1d,8:relu,1:sigmoid",
            "--epochs", "60", "--learning-rate", "0.01", "--json", "--save", model,
        ])
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((report["test_accuracy"] as? Double ?? 0) >= 0.85, "\(report)")
        let predictions = try CommandRunner.temporaryFolder().appendingPathComponent("p.csv").path
        // predict takes the token columns alone.
        let tokens = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").prefix(20)
            .map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        let input = try CommandRunner.temporaryFolder().appendingPathComponent("tokens-only.csv")
        try tokens.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let predict = try CommandRunner.run(["predict", "--model", model, "--input", input.path, "--output", predictions])
        #expect(predict.status == 0, "\(predict.errors)")
        let rows = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 20, "a header and 19 predictions: \(rows.prefix(3))")
    }

    @Test func badTokensAndScaledTokensAreOneLineErrors() throws {
        let folder = try CommandRunner.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.csv")
        try "a,b,label\n1,2,0\n3,25,1\n4,5,0\n1,1,1\n".write(to: bad, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "train", "--dataset", bad.path, "--layers", "embedding:10:2,globalavgpool1d,1:sigmoid", "--epochs", "1",
        ])
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.errors.contains("25") && result.errors.contains("inputDim 10"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1 && !result.errors.contains("Fatal error"))
        let scaled = try CommandRunner.run([
            "train", "--dataset", bad.path, "--layers", "embedding:30:2,globalavgpool1d,1:sigmoid", "--normalize", "standard",
        ])
        #expect(scaled.status == 2 && scaled.errors.contains("--normalize"), "\(scaled.errors)")
    }

    /// The layer benchmark feeds random numbers; an embedding gets index 0 instead (a trap
    /// before), and an embedding that is not first is refused.
    @Test func layerBenchmarkRunsAnEmbeddingModel() throws {
        let result = try CommandRunner.run([
            "bench", "layers", "--layers", "embedding:50:8,globalavgpool1d,10", "--input-shape", "12", "--rounds", "1",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Embedding 'embedding'"), "\(result.output)")
        let late = try CommandRunner.run([
            "bench", "layers", "--layers", "10,embedding:5:2,flatten,10", "--input-shape", "8", "--rounds", "1",
        ])
        #expect(late.status == 2 && late.errors.contains("first"), "\(late.errors)")
    }

    @Test func normalizationEntryIsAdaptedToTheTrainingData() throws {
        let result = try CommandRunner.run(["train", "--layers", "normalization,25:relu,10", "--epochs", "20", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((report["test_accuracy"] as? Double ?? 0) >= 0.93, "\(report)")
        let late = try CommandRunner.run(["train", "--layers", "25:relu,normalization,10", "--epochs", "1"])
        #expect(late.status == 2 && late.errors.contains("first"), "\(late.errors)")
    }
}
