import Plexus

import Foundation

/// The course's activation functions side by side: sigmoid, ReLU, linear, tanh and leaky ReLU
/// (values and derivatives on a range of z, both from the engine's own activations and its
/// autodiff), softmax on the same z taken as one vector of logits, and the course's advice on
/// choosing them.
///
/// ```swift
/// let explanation = ActivationsExplanation()
/// explanation.rows[2].values          // relu at each z
/// print(explanation.report())
/// ```
public struct ActivationsExplanation: Sendable {
    /// One activation's values and derivatives at ``zs``.
    public struct Row: Sendable {
        /// The activation's name, as Keras spells it.
        public let name: String
        /// g(z) at each z.
        public let values: [Float]
        /// dg/dz at each z, by back-propagation.
        public let derivatives: [Float]
    }

    /// The elementwise activations shown.
    public static let activations: [Activation] = [.sigmoid, .relu, .linear, .tanh, .leakyRelu()]

    /// The points z of the table.
    public let zs: [Float]
    /// One row per elementwise activation.
    public let rows: [Row]
    /// softmax of ``zs`` as one vector of logits.
    public let softmax: [Float]
    /// ∂softmax_i/∂z_i at ``zs`` (which is s_i (1 - s_i)), by back-propagation.
    public let softmaxDiagonal: [Float]
    /// The curves of the charts: z from the lowest to the highest table point in fine steps.
    public let curveZs: [Float]
    /// Each activation's values and derivatives on ``curveZs``.
    public let curves: [Row]

    /// The explanation on `zs` (by default -4, -2, -1, 0, 1, 2, 4).
    ///
    /// - Throws: ``ExplainError`` when there are no points, more than 100, or one is not finite.
    public init(zs: [Float] = [-4, -2, -1, 0, 1, 2, 4]) throws {
        guard !zs.isEmpty, zs.count <= 100, zs.allSatisfy(\.isFinite) else {
            throw ExplainError("the activations are shown at 1 to 100 finite points z; got \(zs.count) point(s)")
        }
        self.zs = zs
        rows = ActivationsExplanation.rows(at: zs)
        let low = zs.min()!, high = zs.max()!
        curveZs = high > low ? (0...160).map { low + (high - low) * Float($0) / 160 } : zs
        curves = ActivationsExplanation.rows(at: curveZs)
        let logits = Tensor(zs)
        softmax = Plexus.softmax(logits).scalars
        softmaxDiagonal = zs.indices.map { index in
            var pick = [Float](repeating: 0, count: zs.count)
            pick[index] = 1
            let selector = Tensor(pick)
            return valueWithGradient(at: logits) { (Plexus.softmax($0) * selector).sum() }.gradient.scalars[index]
        }
    }

    /// Values and derivatives of every elementwise activation at `zs`: the derivative of
    /// sum(g(z)) with respect to z is g'(z) at each point, since each output depends on its
    /// own z only.
    private static func rows(at zs: [Float]) -> [Row] {
        activations.map { activation in
            let (_, gradient) = valueWithGradient(at: Tensor(zs)) { activation($0).sum() }
            return Row(name: activation.description, values: activation(Tensor(zs)).scalars, derivatives: gradient.scalars)
        }
    }

    /// The values and the derivatives as two charts (value of g(z) and dg/dz against z).
    public var charts: [Chart] {
        let z = curveZs.map(Double.init)
        func chart(_ title: String, _ axis: String, _ pick: (Row) -> [Float]) -> Chart {
            Chart(
                title: title, x: ChartAxis("z"), y: ChartAxis(axis),
                series: curves.map { ChartSeries($0.name, xy: Array(zip(z, pick($0).map(Double.init)))) })
        }
        return [chart("Activations g(z)", "g(z)", \.values), chart("Derivatives dg/dz", "dg/dz", \.derivatives)]
    }

    /// The numbers as a table, the charts in the terminal (when `chartStyle` is given), the
    /// course's advice, and a one-line summary.
    public func report(chartStyle: TerminalChartStyle? = nil) -> String {
        func f(_ x: Float) -> String { ExplainFormatting.number(x, digits: 4) }
        var table: [[String]] = [["z"] + zs.map(f)]
        for row in rows {
            table.append([row.name] + row.values.map(f))
            table.append(["  d/dz"] + row.derivatives.map(f))
        }
        table.append(["softmax(z)"] + softmax.map(f))
        table.append(["  ∂s_i/∂z_i"] + softmaxDiagonal.map(f))
        var text = "Activation functions g(z) and their derivatives (from the engine's autodiff):\n"
        text += ExplainFormatting.table(table) + "\n"
        text += "softmax treats the whole row of z as the logits of one example: its outputs add up to 1.\n"
        if let chartStyle {
            for chart in charts {
                text += "\n" + chart.terminalLines(width: 60, height: 12, style: chartStyle).joined(separator: "\n") + "\n"
            }
        }
        text += """

            Choosing them (the course's advice):
              output layer: sigmoid for a binary label (y is 0 or 1), linear for a value that can be
                negative or positive, ReLU for a value that is never negative, softmax for one of many classes.
              hidden layers: ReLU. It is cheaper (a max, where sigmoid needs an exponential), and it is flat
                only for z < 0, where sigmoid is flat on both sides: its derivative is above 0.1 only for |z| < 2.2,
                and gradient descent slows down where the derivative is near 0.
            In short: sigmoid and tanh flatten out on both sides (derivatives near 0 beyond |z| = 4), ReLU only on one, \
            which is why hidden layers use ReLU.
            """
        return text
    }

    /// The numbers printed, as JSON.
    public func json() -> String {
        ExplainJSON.object([
            "z": ExplainJSON.numbers(zs),
            "activations": ExplainJSON.array(
                rows.map {
                    ExplainJSON.object([
                        "name": ExplainJSON.string($0.name), "values": ExplainJSON.numbers($0.values),
                        "derivatives": ExplainJSON.numbers($0.derivatives),
                    ])
                }),
            "softmax": ExplainJSON.numbers(softmax),
            "softmax_diagonal_derivative": ExplainJSON.numbers(softmaxDiagonal),
        ])
    }
}
