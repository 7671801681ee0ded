import Plexus

extension ComputationGraph {
    /// The forward pass as a table: every node, left to right, with its operation, shape and
    /// value.
    ///
    /// ```
    /// #  node  operation       shape  value
    /// 0  w     variable        []     2
    /// 1  x     variable        []     -2
    /// 2  c     multiply(w, x)  []     -4
    /// ```
    ///
    /// - Parameter significantDigits: digits of each value (small tensors are printed in full).
    public func forwardTable(significantDigits: Int = 6) -> String {
        var rows = [["#", "node", "operation", "shape", "value"]]
        for (index, node) in nodes.enumerated() {
            rows.append([
                "\(index)", name(of: node), formula(of: node), ExplainFormatting.shape(node.value.shape),
                ExplainFormatting.tensor(node.value, digits: significantDigits),
            ])
        }
        return ExplainFormatting.table(rows, indent: "")
    }

    /// The backward pass as a table: every node, right to left, with the derivative of the
    /// output with respect to it (`dJ/dw`), or "-" where the backward pass left none (run
    /// ``Tensor/backward()`` on the output first).
    public func backwardTable(significantDigits: Int = 6) -> String {
        var rows = [["#", "node", "derivative", "value"]]
        for node in backwardOrder {
            let gradient = node.gradient.map { ExplainFormatting.tensor($0, digits: significantDigits) } ?? "-"
            rows.append(["\(index(of: node) ?? -1)", name(of: node), derivativeLabel(of: node), gradient])
        }
        return ExplainFormatting.table(rows, indent: "")
    }

    /// Both passes, each under a heading: the forward table, then the backward table.
    ///
    /// ```swift
    /// J.backward()
    /// print(ComputationGraph(tracing: J).textTable())
    /// ```
    public func textTable(significantDigits: Int = 6) -> String {
        let outputName = name(of: output)
        return """
            forward pass (left to right): each node computed from its inputs
            \(indented(forwardTable(significantDigits: significantDigits)))

            backward pass (right to left): d\(outputName)/d(node), each from the nodes after it
            \(indented(backwardTable(significantDigits: significantDigits)))
            """
    }

    private func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
