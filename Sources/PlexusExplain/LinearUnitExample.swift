import Plexus

extension GraphExplanation {
    /// The course's computation graph: one linear unit a = w·x + b with the cost
    /// J = (a - y)² / 2, recorded from tracked variables as c = w·x, a = c + b, d = a - y,
    /// J = d²/2, then back-propagated.
    ///
    /// ```swift
    /// let explanation = GraphExplanation.linearUnit()
    /// explanation.graph.node(named: "J")!.value          // 2
    /// explanation.graph.node(named: "w")!.gradient!      // -4
    /// ```
    ///
    /// The defaults are the course's numbers: x = -2, y = 2, w = 2, b = 8, so a = 4, J = 2,
    /// dJ/da = 2, dJ/dw = -4, dJ/db = 2. The checks compare dJ/dw and dJ/db with finite
    /// differences of step `epsilon`.
    public static func linearUnit(
        x: Float = -2, y: Float = 2, w: Float = 2, b: Float = 8, epsilon: Float = 1e-2
    ) -> GraphExplanation {
        let wVariable = Tensor.variable(w, name: "w"), bVariable = Tensor.variable(b, name: "b")
        let xVariable = Tensor.variable(x, name: "x"), yVariable = Tensor.variable(y, name: "y")
        let steps = linearUnitSteps(w: wVariable, b: bVariable, x: xVariable, y: yVariable)
        steps.J.backward()
        let graph = ComputationGraph(tracing: steps.J, names: ["c": steps.c, "a": steps.a, "d": steps.d, "J": steps.J])
        let plainX = Tensor(x), plainY = Tensor(y)
        let checks = [
            ParameterCheck(
                name: "w", autodiff: wVariable.graphNode?.gradient ?? Tensor(0),
                finiteDifference: centralDifferences(of: Tensor(w), epsilon: epsilon) { nudged in
                    linearUnitSteps(w: nudged, b: Tensor(b), x: plainX, y: plainY).J.scalar
                }),
            ParameterCheck(
                name: "b", autodiff: bVariable.graphNode?.gradient ?? Tensor(0),
                finiteDifference: centralDifferences(of: Tensor(b), epsilon: epsilon) { nudged in
                    linearUnitSteps(w: Tensor(w), b: nudged, x: plainX, y: plainY).J.scalar
                }),
        ]
        func n(_ value: Float) -> String { ExplainFormatting.number(value, digits: 6) }
        let summary =
            "one linear unit a = w·x + b, cost J = (a - y)²/2, "
            + "with x = \(n(x)), y = \(n(y)), w = \(n(w)), b = \(n(b))"
        return GraphExplanation(graph: graph, summary: summary, checks: checks, epsilon: epsilon)
    }

    /// The linear unit's steps, recorded when an input is tracked.
    static func linearUnitSteps(w: Tensor, b: Tensor, x: Tensor, y: Tensor) -> (c: Tensor, a: Tensor, d: Tensor, J: Tensor) {
        let c = w * x
        let a = c + b
        let d = a - y
        return (c, a, d, halfSquare(d))
    }

    /// d²/2 as one recorded operation, as the course draws it, made the way a user adds an
    /// operation (``Tensor/recorded(_:inputs:pullback:)``); its derivative is d.
    static func halfSquare(_ d: Tensor) -> Tensor {
        let plain = d.detached()
        return (plain * plain / 2).recorded("square/2", inputs: [d]) { gradient in [gradient * plain] }
    }
}
