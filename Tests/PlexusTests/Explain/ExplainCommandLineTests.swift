import Foundation
import Testing

/// `plexus explain` through the built command (see CommandRunner).
@Suite struct ExplainCommandLineTests {
    @Test func derivativeOfTheSquare() throws {
        let result = try CommandRunner.run(["explain", "derivative", "--function", "w**2", "--at", "3", "--epsilon", "0.001"])
        #expect(result.status == 0)
        #expect(result.output.contains("6.001000000") && result.output.contains("6.000000000"))
    }

    @Test func unknownFunctionIsOneLineAndStatusTwo() throws {
        let result = try CommandRunner.run(["explain", "derivative", "--function", "w^4"])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(result.errors.contains("w^2, w^3, 1/w, w, exp(w), log(w), sigmoid(w)"))
    }

    @Test func badLayersAreOneLineAndStatusTwo() throws {
        let result = try CommandRunner.run(["explain", "graph", "--layers", "3:foo"])
        #expect(result.status == 2)
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    @Test func graphInBothFormats() throws {
        let text = try CommandRunner.run(["explain", "graph"])
        let dot = try CommandRunner.run(["explain", "graph", "--format", "dot", "--layers", "3:relu,1:sigmoid", "--input", "-1,2"])
        #expect(text.status == 0 && text.output.contains("dJ/dw"))
        #expect(dot.status == 0 && dot.output.hasPrefix("digraph"))
        ExplainGraphDOTTests.expectGraphvizAccepts(dot.output)
    }
}
