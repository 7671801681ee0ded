import Plexus

extension ComputationGraph {
    /// The graph in Graphviz's DOT language, drawn left to right: one node per graph node,
    /// labelled with its name, operation, value and (after a backward pass) the derivative of
    /// the output with respect to it; an edge from each input to the node computed from it.
    ///
    /// ```swift
    /// J.backward()
    /// let text = ComputationGraph(tracing: J).dot(title: "J = (wx + b - y)^2 / 2")
    /// // save it and run `dot -Tsvg graph.dot -o graph.svg`
    /// ```
    ///
    /// Variables are ellipses, parameters shaded ellipses, operations boxes, the output a
    /// double box. Every node is declared on one line (as `n3 [...]`), then every edge.
    ///
    /// - Parameters:
    ///   - name: the DOT graph's identifier (letters, digits and underscores are kept).
    ///   - title: a caption drawn under the graph.
    ///   - significantDigits: digits of each value (small tensors are printed in full).
    public func dot(name: String = "computation", title: String? = nil, significantDigits: Int = 6) -> String {
        let identifier = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        var lines = ["digraph \(identifier.isEmpty || identifier.first!.isNumber ? "g" + identifier : identifier) {"]
        lines.append("  rankdir=LR;")
        lines.append("  graph [fontname=\"Helvetica\"];")
        lines.append("  node [fontname=\"Helvetica\", fontsize=11];")
        if let title { lines.append("  label=\"\(ComputationGraph.dotEscaped(title))\";") }
        for (index, node) in nodes.enumerated() {
            lines.append("  n\(index) [\(dotAttributes(of: node, digits: significantDigits))];")
        }
        for (index, node) in nodes.enumerated() {
            for input in inputIndices(of: node).compactMap({ $0 }) {
                lines.append("  n\(input) -> n\(index);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private func dotAttributes(of node: GraphNode, digits: Int) -> String {
        var label = [
            "\(name(of: node)) = \(formula(of: node))",
            "shape \(ExplainFormatting.shape(node.value.shape))",
            "value \(ExplainFormatting.tensor(node.value, digits: digits))",
        ]
        if let gradient = node.gradient {
            label.append("\(derivativeLabel(of: node)) = \(ExplainFormatting.tensor(gradient, digits: digits))")
        }
        // Each line of the label ends with `\l`: left-justified lines.
        let text = label.map { ComputationGraph.dotEscaped($0) + "\\l" }.joined()
        let style: String
        if node.parameter != nil {
            style = "shape=ellipse, style=filled, fillcolor=\"#fff2cc\""
        } else if node.isLeaf {
            style = "shape=ellipse"
        } else if node === output {
            style = "shape=box, peripheries=2"
        } else {
            style = "shape=box"
        }
        return "label=\"\(text)\", \(style)"
    }

    /// `text` for a quoted DOT string: backslashes and quotes escaped, line breaks as `\n`.
    static func dotEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": continue
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
