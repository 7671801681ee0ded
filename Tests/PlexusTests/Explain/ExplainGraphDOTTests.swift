import Foundation
import Testing
@testable import Plexus
@testable import PlexusExplain

/// The DOT output must be accepted by Graphviz. Where `dot` is installed (`apt-get install
/// graphviz`), it is run on the output; everywhere, the structure is checked without it.
@Suite struct ExplainGraphDOTTests {
    /// The course's example, the course-sized network, and a wider one (summarised tensors).
    static func example(_ index: Int) throws -> GraphExplanation {
        switch index {
        case 0:
            return GraphExplanation.linearUnit()
        case 1:
            return try GraphExplanation.network(
                layers: "3:relu,1:sigmoid", input: [1, 2], label: [1], seed: 0)
        default:
            return try GraphExplanation.network(
                layers: "20:tanh,4:softmax", input: [1, -2, 0.5], label: [3], seed: 1)
        }
    }

    @Test(arguments: 0..<3)
    func structureIsValid(_ example: Int) throws {
        let explanation = try ExplainGraphDOTTests.example(example)
        let graph = explanation.graph
        let dot = explanation.dot()
        let lines = dot.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("digraph ") == true && lines.first?.hasSuffix("{") == true)
        #expect(lines.last == "}")
        #expect(dot.filter { $0 == "{" }.count == dot.filter { $0 == "}" }.count)
        // One declaration line per node, in order; every edge between declared nodes.
        let declarations = lines.filter { $0.range(of: #"^  n[0-9]+ \["#, options: .regularExpression) != nil }
        #expect(declarations.count == graph.nodes.count)
        let declared = declarations.map { String($0.dropFirst(2).prefix { $0 != " " }) }
        #expect(declared == graph.nodes.indices.map { "n\($0)" })
        let edges = lines.filter { $0.contains("->") }
        let expectedEdges = graph.nodes.reduce(0) { $0 + graph.inputIndices(of: $1).compactMap { $0 }.count }
        #expect(edges.count == expectedEdges)
        for edge in edges {
            let ends = edge.trimmingCharacters(in: .whitespaces).dropLast().components(separatedBy: " -> ")
            #expect(ends.count == 2 && declared.contains(ends[0]) && declared.contains(ends[1]), "\(edge)")
        }
        // Quotes balance on every line: each label is one closed string.
        for line in lines {
            let unescapedQuotes = line.replacingOccurrences(of: "\\\\", with: "").replacingOccurrences(of: "\\\"", with: "")
                .filter { $0 == "\"" }.count
            #expect(unescapedQuotes % 2 == 0, "\(line)")
        }
        for node in graph.nodes {
            #expect(dot.contains("\(graph.name(of: node)) = \(graph.formula(of: node))"))
        }
    }

    @Test func labelsShowValueAndDerivative() {
        let dot = GraphExplanation.linearUnit().dot()
        #expect(dot.contains(#"n4 [label="a = add(c, b)\lshape []\lvalue 4\ldJ/da = 2\l", shape=box];"#))
        #expect(dot.contains("n0 -> n2;") && dot.contains("n1 -> n2;") && dot.contains("n6 -> n7;"))
    }

    @Test func quotesAndBackslashesAreEscaped() {
        let q = Tensor.variable(3, name: #"say "hi"\now"#)
        let J = q * q
        J.backward()
        let dot = ComputationGraph(tracing: J).dot(title: "a \"title\"\nline two")
        #expect(dot.contains(#"say \"hi\"\\now = variable"#))
        #expect(dot.contains(#"label="a \"title\"\nline two";"#))
        ExplainGraphDOTTests.expectGraphvizAccepts(dot)
    }

    @Test(arguments: 0..<3)
    func graphvizAcceptsIt(_ example: Int) throws {
        ExplainGraphDOTTests.expectGraphvizAccepts(try ExplainGraphDOTTests.example(example).dot())
    }

    /// Runs `dot -Tsvg` on the text when Graphviz is installed and requires exit status 0.
    static func expectGraphvizAccepts(_ text: String) {
        let dotPath = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let dotPath else {
            // Without graphviz the structural checks above still run; CI installs it, so there
            // the real parser must have its say.
            if ProcessInfo.processInfo.environment["CI"] != nil {
                Issue.record("graphviz's dot is not installed; .ci/run installs it")
            }
            return
        }
        let directory = TestScratch.root.appendingPathComponent("plexus-explain-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let source = directory.appendingPathComponent("graph.dot")
            try Data(text.utf8).write(to: source)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: dotPath)
            process.arguments = ["-Tsvg", source.path, "-o", directory.appendingPathComponent("graph.svg").path]
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "dot -Tsvg failed: \(errorText)")
            #expect(errorText.isEmpty, "dot -Tsvg warned: \(errorText)")
        } catch {
            Issue.record("could not run \(dotPath): \(error)")
        }
    }
}
