import Testing
@testable import Plexus
@testable import PlexusExplain

/// The course's graph, worked out by hand: with x = -2, y = 2, w = 2, b = 8,
/// c = w·x = -4, a = c + b = 4, d = a - y = 2, J = d²/2 = 2; backward: dJ/dd = d = 2,
/// dJ/da = dJ/dd = 2, dJ/dc = dJ/da = 2, dJ/db = dJ/da = 2, dJ/dw = dJ/dc · x = -4,
/// dJ/dx = dJ/dc · w = 4, dJ/dy = -dJ/dd = -2.
@Suite struct ExplainLinearUnitGraphTests {
    let explanation = GraphExplanation.linearUnit()

    private func node(_ name: String) -> GraphNode {
        guard let node = explanation.graph.node(named: name) else {
            Issue.record("no node named \(name)")
            return GraphNode(operation: name, inputs: [], value: Tensor(Float.nan), pullback: nil)
        }
        return node
    }

    @Test func forwardValuesMatchTheHandCalculation() {
        let expected: [String: Float] = ["w": 2, "x": -2, "b": 8, "y": 2, "c": -4, "a": 4, "d": 2, "J": 2]
        for (name, value) in expected {
            #expect(node(name).value.scalar == value, "value of \(name)")
        }
    }

    @Test func backwardDerivativesMatchTheHandCalculation() {
        let expected: [String: Float] = ["J": 1, "d": 2, "a": 2, "c": 2, "b": 2, "w": -4, "x": 4, "y": -2]
        for (name, derivative) in expected {
            #expect(node(name).gradient?.scalar == derivative, "dJ/d\(name)")
        }
    }

    @Test func theGraphIsTheRecordedOneInForwardOrder() {
        let graph = explanation.graph
        #expect(graph.nodes.map(graph.name(of:)) == ["w", "x", "c", "b", "a", "y", "d", "J"])
        #expect(graph.nodes.map(\.operation) == ["w", "x", "multiply", "b", "add", "y", "subtract", "square/2"])
        #expect(graph.output === graph.nodes.last)
        #expect(graph.backwardOrder.map(graph.name(of:)) == ["J", "d", "y", "a", "b", "c", "x", "w"])
        #expect(graph.formula(of: node("a")) == "add(c, b)")
        #expect(graph.formula(of: node("w")) == "variable")
        #expect(graph.leaves.map(graph.name(of:)) == ["w", "x", "b", "y"])
        for (index, node) in graph.nodes.enumerated() {
            #expect(graph.index(of: node) == index)
            for input in graph.inputIndices(of: node) { #expect((input ?? -1) >= 0 && input! < index) }
        }
    }

    @Test func parameterChecksAgreeWithFiniteDifferences() {
        #expect(explanation.checks.map(\.name) == ["w", "b"])
        #expect(explanation.checks[0].autodiff.scalar == -4)
        #expect(explanation.checks[1].autodiff.scalar == 2)
        #expect(Swift.abs(explanation.checks[0].finiteDifference.scalar + 4) < 1e-3)
        #expect(Swift.abs(explanation.checks[1].finiteDifference.scalar - 2) < 1e-3)
        #expect(explanation.maxDifference < 1e-3)
    }

    @Test func otherNumbersFollowTheSameFormulas() {
        // x = 3, y = 1, w = 0.5, b = -1: a = 0.5, d = -0.5, J = 0.125, dJ/dw = d·x = -1.5, dJ/db = -0.5.
        let other = GraphExplanation.linearUnit(x: 3, y: 1, w: 0.5, b: -1)
        #expect(other.graph.node(named: "J")?.value.scalar == 0.125)
        #expect(other.checks.map(\.autodiff.scalar) == [-1.5, -0.5])
        #expect(other.maxDifference < 1e-3)
    }

    @Test func textShowsBothPassesAndTheChecks() {
        let text = explanation.text()
        #expect(text.contains("x = -2, y = 2, w = 2, b = 8"))
        #expect(text.contains("forward pass (left to right)"))
        #expect(text.contains("backward pass (right to left)"))
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.contains(["2", "c", "multiply(w,", "x)", "[]", "-4"]))
        #expect(lines.contains(["4", "a", "add(c,", "b)", "[]", "4"]))
        #expect(lines.contains(["4", "a", "dJ/da", "2"]))
        #expect(lines.contains(["0", "w", "dJ/dw", "-4"]))
        #expect(lines.contains { $0.first == "w" && $0.dropFirst().first == "-4" })
    }
}
