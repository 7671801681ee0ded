import Foundation
import Testing

/// `plexus train --report/--logdir/--no-charts` and `plexus report`, through the built command.
@Suite(.serialized) struct ReportCommandTests {
    @Test func trainWritesReportLogsAndSavesTheHistory() throws {
        let folder = try CommandRunner.temporaryFolder().path
        let result = try CommandRunner.run([
            "train", "--epochs", "3", "--validation-split", "0.1", "--report", "\(folder)/r.html", "--logdir", "\(folder)/logs",
            "--save", "\(folder)/m.plexus",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("wrote the report to \(folder)/r.html"))
        // Standard output is a pipe here: no terminal charts.
        #expect(!result.output.contains("loss per epoch"))
        let html = try String(contentsOfFile: "\(folder)/r.html", encoding: .utf8)
        #expect(html.contains("Optical Recognition of Handwritten Digits"))  // the credit line
        #expect(html.contains("class=\"plexus-heatmap\"") && html.contains("class=\"plexus-chart\""))
        for run in ["train", "validation"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/logs/\(run)")
            #expect(files.count == 1 && files[0].hasPrefix("events.out.tfevents."), "\(run): \(files)")
        }

        let again = try CommandRunner.run(["report", "--model", "\(folder)/m.plexus", "--output", "\(folder)/saved.html"])
        #expect(again.status == 0, "\(again.errors)")
        let saved = try String(contentsOfFile: "\(folder)/saved.html", encoding: .utf8)
        #expect(saved.contains("id=\"log-loss\""))  // the curves came with the model file
        #expect(saved.contains("<section id=\"test\">"))
    }

    @Test func unwritableDestinationsStopBeforeTraining() throws {
        let folder = try CommandRunner.temporaryFolder().path
        _ = FileManager.default.createFile(atPath: "\(folder)/file", contents: Data())
        let cases: [([String], String)] = [
            (["--report", "\(folder)/missing/r.html"], "--report"),
            (["--report", folder], "--report"),
            (["--logdir", "\(folder)/file"], "--logdir"),
            (["--logdir", "\(folder)/file/sub"], "--logdir"),
            (["--histograms"], "--histograms"),
        ]
        for (arguments, option) in cases {
            let result = try CommandRunner.run(["train", "--epochs", "1"] + arguments)
            // A contradiction among the options is a usage error; an unwritable path is bad input.
            #expect(result.status == (option == "--histograms" ? 64 : 2), "\(arguments): \(result.errors)")
            #expect(result.errors.hasPrefix("error: ") && result.errors.contains(option), "\(arguments): \(result.errors)")
            #expect(!result.output.contains("Epoch"), "\(arguments) trained before failing")
        }
    }

    @Test func reportOfAModelWithoutHistoryOrOnBadDataIsClear() throws {
        let folder = try CommandRunner.temporaryFolder().path
        let missing = try CommandRunner.run(["report", "--model", "\(folder)/none.plexus", "--output", "\(folder)/r.html"])
        #expect(missing.status == 2 && missing.errors.contains("none.plexus"))
        let trained = try CommandRunner.run(["train", "--epochs", "1", "--quiet", "--save", "\(folder)/m.plexus"])
        #expect(trained.status == 0)
        let wrongData = try CommandRunner.run([
            "report", "--model", "\(folder)/m.plexus", "--dataset", "diabetes", "--output", "\(folder)/r.html",
        ])
        #expect(wrongData.status == 2, "\(wrongData.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/r.html"))
    }
}
