import Plexus

/// A recorded, back-propagated computation graph together with a check of its parameters'
/// derivatives: what `plexus explain graph` prints.
///
/// ```swift
/// let explanation = GraphExplanation.linearUnit()      // the course's a = wx + b example
/// print(explanation.text())                            // forward, backward, checks
/// print(explanation.dot())                             // the same graph for Graphviz
/// ```
public struct GraphExplanation: Sendable {
    /// The graph, after its backward pass: every node holds the derivative of the cost.
    public var graph: ComputationGraph
    /// A line or two saying what the graph computes.
    public var summary: String
    /// For each parameter, the derivative from back-propagation and a finite-difference estimate.
    public var checks: [ParameterCheck]
    /// The nudge ε of the finite differences.
    public var epsilon: Float

    /// A graph with its summary and checks.
    public init(graph: ComputationGraph, summary: String, checks: [ParameterCheck], epsilon: Float) {
        self.graph = graph
        self.summary = summary
        self.checks = checks
        self.epsilon = epsilon
    }

    /// The summary, both passes (``ComputationGraph/textTable(significantDigits:)``), and the
    /// parameter checks.
    public func text(significantDigits: Int = 6) -> String {
        let cost = graph.name(of: graph.output)
        var rows = [["parameter", "autodiff d\(cost)/d(parameter)", "finite difference"]]
        for check in checks {
            rows.append([
                check.name, ExplainFormatting.tensor(check.autodiff, digits: significantDigits),
                ExplainFormatting.tensor(check.finiteDifference, digits: significantDigits),
            ])
        }
        let eps = ExplainFormatting.number(epsilon, digits: 6)
        return """
            \(summary)

            \(graph.textTable(significantDigits: significantDigits))

            parameters: back-propagation next to the nudge estimate \
            (\(cost)(p + ε) - \(cost)(p - ε)) / 2ε, ε = \(eps), computed in Float32
            \(ExplainFormatting.table(rows))
            largest difference: \(ExplainFormatting.number(maxDifference, digits: 3))
            """
    }

    /// The graph in Graphviz's DOT language, captioned with the summary; see
    /// ``ComputationGraph/dot(name:title:significantDigits:)``.
    public func dot(significantDigits: Int = 6) -> String {
        graph.dot(title: summary, significantDigits: significantDigits)
    }

    /// The largest difference between back-propagation and the finite differences, over
    /// every element of every parameter.
    public var maxDifference: Float {
        checks.map(\.maxDifference).max() ?? 0
    }
}

/// A parameter's derivative two ways: by back-propagation and by finite differences.
public struct ParameterCheck: Sendable {
    /// The parameter's name in the graph.
    public var name: String
    /// The derivative of the cost with respect to the parameter, from the backward pass.
    public var autodiff: Tensor
    /// The central finite difference (J(p + ε) - J(p - ε)) / 2ε of each element.
    public var finiteDifference: Tensor

    /// A check of one parameter.
    public init(name: String, autodiff: Tensor, finiteDifference: Tensor) {
        self.name = name
        self.autodiff = autodiff
        self.finiteDifference = finiteDifference
    }

    /// The largest absolute difference between the two, over the elements.
    public var maxDifference: Float {
        zip(autodiff.scalars, finiteDifference.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    }
}

/// The central finite difference of `cost` with respect to each element of `value`:
/// (cost(p + ε) - cost(p - ε)) / (the step actually taken, in Float32).
func centralDifferences(of value: Tensor, epsilon: Float, cost: (Tensor) -> Float) -> Tensor {
    var estimate = value.scalars
    for element in 0..<value.count {
        var plus = value.scalars, minus = value.scalars
        plus[element] += epsilon
        minus[element] -= epsilon
        let step = Double(plus[element]) - Double(minus[element])
        let up = Double(cost(Tensor(shape: value.shape, scalars: plus)))
        let down = Double(cost(Tensor(shape: value.shape, scalars: minus)))
        estimate[element] = Float((up - down) / step)
    }
    return Tensor(shape: value.shape, scalars: estimate)
}
