import Foundation
import Testing

/// The course-section explanations through the built command: exit statuses, --json holding
/// the printed numbers, and the SVG picture.
@Suite struct ExplainCourseCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.run(arguments + ["--json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return try #require(object)
    }

    @Test func softmaxOfLargeLogits() throws {
        let text = try CommandRunner.run(["explain", "softmax", "--logits", "1000,999,998"])
        #expect(text.status == 0 && text.output.contains("nan") && text.output.contains("0.665241"))
        let json = try ExplainCourseCommandTests.json(["explain", "softmax", "--logits", "1000,999,998"])
        let naive = try #require(json["naive"] as? [String: Any])
        let nulls = (naive["probabilities"] as? [Any])?.allSatisfy { $0 is NSNull }
        #expect(nulls == true)
        let stable = try #require((json["from_logits"] as? [String: Any])?["probabilities"] as? [Double])
        let finite = stable.allSatisfy { $0.isFinite }
        #expect(abs(stable.reduce(0, +) - 1) < 1e-6 && finite)
    }

    @Test func linearCollapsePrintsASmallDifference() throws {
        let json = try ExplainCourseCommandTests.json(["explain", "linear-collapse"])
        let difference = try #require(json["maximum_difference"] as? Double)
        #expect(difference < 1e-4)
        let text = try CommandRunner.run(["explain", "linear-collapse"])
        #expect(text.output.contains("maximum difference: \(String(format: "%.3g", difference))"))
    }

    @Test func everyExplanationRunsAndItsJSONHoldsThePrintedNumbers() throws {
        let conv = try ExplainCourseCommandTests.json(["explain", "conv", "--input-shape", "6,6,1", "--kernel", "3"])
        #expect(conv["convolution_parameters"] as? Int == 80 && conv["dense_parameters"] as? Int == 4736)
        let convText = try CommandRunner.run(["explain", "conv", "--input-shape", "6,6,1", "--kernel", "3"])
        #expect(convText.output.contains("= 80") && convText.output.contains("= 4736"))
        let adam = try ExplainCourseCommandTests.json(["explain", "adam", "--steps", "30"])
        let rates = try #require((adam["adam_effective_rates"] as? [[Double]])?.last)
        let adamText = try CommandRunner.run(["explain", "adam", "--steps", "30"])
        #expect(adamText.status == 0)
        #expect(adamText.output.contains(String(format: "%.4g", rates[0])))
        let activations = try ExplainCourseCommandTests.json(["explain", "activations"])
        #expect((activations["z"] as? [Double])?.count == 7)
        let activationsText = try CommandRunner.run(["explain", "activations"])
        #expect(activationsText.status == 0 && activationsText.output.contains("0.7311"))
        for text in [adamText, activationsText, convText] {
            #expect(text.output.split(separator: "\n").last?.hasPrefix("In short:") == true)
        }
    }

    @Test func svgGoesToStandardOutputOrAFile() throws {
        let result = try CommandRunner.run(["explain", "adam", "--format", "svg", "--steps", "10"])
        #expect(result.status == 0)
        let svg = try #require(SVGDocument(result.output))
        #expect(svg.all("path", inClass: "series").count == 4)
        let path = TestScratch.file("plexus-explain", extension: "svg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try CommandRunner.run(["explain", "activations", "--format", "svg", "--output", path])
        #expect(written.status == 0 && written.output.isEmpty)
        #expect(SVGDocument(try String(contentsOfFile: path, encoding: .utf8)) != nil)
    }

    @Test(arguments: [
        ["explain", "softmax", "--logits", "1,x,3"],
        ["explain", "softmax", "--logits", ""],
        ["explain", "softmax", "--logits", "1,2", "--label", "5"],
        ["explain", "linear-collapse", "--layers", "4:relu,1"],
        ["explain", "linear-collapse", "--layers", "nonsense"],
        ["explain", "conv", "--input-shape", "6,6"],
        ["explain", "conv", "--kernel", "9"],
        ["explain", "adam", "--steps", "0"],
    ])
    func badInputIsOneLineAndStatusTwo(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    /// Option values outside their set, and options that contradict each other, are usage
    /// errors: status 64, one line.
    @Test(arguments: [
        ["explain", "activations", "--format", "png"],
        ["explain", "activations", "--json", "--format", "svg"],
        ["explain", "adam", "--output", "x.svg"],
        ["explain", "graph", "--format", "svg"],
    ])
    func badUsageIsOneLineAndStatus64(_ arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 64, "\(result.errors)")
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("error: ") && result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    }
}
