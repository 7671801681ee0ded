import Plexus

import Foundation

/// Gradient descent and Adam side by side on an elongated bowl: linear regression y = w1·x1 +
/// w2·x2 (one engine Dense unit, no bias, mean squared error) where x1 lies in [0, 1] and x2 in
/// [0, 10], so the loss is 100 times steeper along w2 than along w1. One learning rate must suit
/// the steep direction, so gradient descent crawls along the shallow one; Adam gives each weight
/// its own effective step size, α / (√v̂ + ε), larger where gradients are small.
///
/// ```swift
/// let explanation = try AdamExplanation(steps: 100)
/// explanation.adam.last!.loss < explanation.gradientDescent.last!.loss   // true
/// ```
public struct AdamExplanation: Sendable {
    /// The state of one optimizer after a step.
    public struct Step: Sendable {
        /// The step number, from 1.
        public let step: Int
        /// The loss before the step.
        public let loss: Float
        /// The weights after the step.
        public let w1: Float, w2: Float
        /// Adam's effective learning rate of each weight in this step, α_t / (√v + ε) with
        /// α_t = α·√(1 - β2^t)/(1 - β1^t), read from the optimizer's moments (nil for gradient descent).
        public let effectiveRates: [Float]?
    }

    /// The weights that fit the data exactly.
    public static let target: (w1: Float, w2: Float) = (3, 0.5)
    /// The starting weights of both optimizers.
    public static let start: (w1: Float, w2: Float) = (0, 0)

    /// The number of steps.
    public let steps: Int
    /// Gradient descent's learning rate.
    public let gradientDescentRate: Float
    /// Adam's learning rate α.
    public let adamRate: Float
    /// The loss's curvature along w1 and w2 (eigenvalues of its Hessian), lowest first.
    public let curvatures: (low: Float, high: Float)
    /// Gradient descent's steps.
    public let gradientDescent: [Step]
    /// Adam's steps.
    public let adam: [Step]

    /// Runs both optimizers for `steps` steps. Gradient descent's rate defaults to 1 / the
    /// steepest curvature (faster would overshoot along w2; twice that diverges).
    ///
    /// - Throws: ``ExplainError`` for steps outside 1...10,000 or a rate that is not a positive
    ///   finite number.
    public init(steps: Int = 100, adamRate: Float = 0.1, gradientDescentRate: Float? = nil) throws {
        guard (1...10_000).contains(steps) else { throw ExplainError("--steps must be 1...10000, got \(steps)") }
        for (name, rate) in [("--learning-rate", adamRate), ("--sgd-learning-rate", gradientDescentRate ?? 1)] {
            guard rate.isFinite, rate > 0, rate <= 1000 else {
                throw ExplainError("\(name) must be a positive number up to 1000, got \(rate)")
            }
        }
        let (x, y) = AdamExplanation.data()
        // Hessian of mean((x·w - y)²): 2/N · xᵀx, a 2x2 matrix; its eigenvalues in closed form.
        let h = matmul(x, x, transposeA: true).scalars.map { 2 * $0 / Float(x.shape[0]) }
        let mean = (h[0] + h[3]) / 2, spread = (((h[0] - h[3]) / 2) * ((h[0] - h[3]) / 2) + h[1] * h[1]).squareRoot()
        curvatures = (mean - spread, mean + spread)
        self.steps = steps
        self.adamRate = adamRate
        self.gradientDescentRate = gradientDescentRate ?? 1 / curvatures.high
        gradientDescent = AdamExplanation.run(SGD(learningRate: self.gradientDescentRate), x, y, steps: steps, adam: nil)
        let optimizer = Adam(learningRate: adamRate)
        adam = AdamExplanation.run(optimizer, x, y, steps: steps, adam: optimizer)
    }

    /// 32 examples: x1 evenly in [0, 1], x2 spread over [0, 10], y = 3·x1 + 0.5·x2.
    static func data() -> (Tensor, Tensor) {
        let n = 32
        var features: [Float] = [], labels: [Float] = []
        for i in 0..<n {
            let x1 = (Float(i) + 0.5) / Float(n)
            let x2 = 10 * (Float(i) * 0.618034 + 0.3).truncatingRemainder(dividingBy: 1)
            features += [x1, x2]
            labels.append(target.w1 * x1 + target.w2 * x2)
        }
        return (Tensor(shape: [n, 2], scalars: features), Tensor(shape: [n, 1], scalars: labels))
    }

    private static func run(_ optimizer: any Optimizer, _ x: Tensor, _ y: Tensor, steps: Int, adam: Adam?) -> [Step] {
        let unit = Dense(1, useBias: false)
        let model = Sequential([unit], inputShape: [2], seed: 0)
        let kernel = unit.kernel!
        kernel.value = Tensor(shape: [2, 1], scalars: [start.w1, start.w2])
        var record: [Step] = []
        for step in 1...steps {
            let (loss, gradients) = valueWithGradient(for: model.parameters) { MeanSquaredError()(model(x), y) }
            optimizer.update(model.parameters, with: gradients)
            var rates: [Float]?
            if let adam {
                let t = Double(adam.step)
                let alpha =
                    Double(adam.learningRate) * (1 - Foundation.pow(Double(adam.beta2), t)).squareRoot()
                    / (1 - Foundation.pow(Double(adam.beta1), t))
                let v = adam.state(for: kernel)[1].scalars
                rates = v.map { Float(alpha / (Double($0).squareRoot() + Double(adam.epsilon))) }
            }
            let w = kernel.value.scalars
            record.append(Step(step: step, loss: loss.scalar, w1: w[0], w2: w[1], effectiveRates: rates))
        }
        return record
    }

    /// The steps shown in the table: 1, 2, 5, 10, 20, 50, ... and the last.
    public var shownSteps: [Int] {
        var shown: [Int] = [], scale = 1
        while scale <= steps {
            for k in [1, 2, 5] where k * scale <= steps { shown.append(k * scale) }
            scale *= 10
        }
        if shown.last != steps { shown.append(steps) }
        return shown
    }

    /// The loss per step (logarithmic) and the path of the two weights.
    public var charts: [Chart] {
        func series(_ name: String, _ record: [Step]) -> ChartSeries {
            ChartSeries(name, xy: record.map { (Double($0.step), Double($0.loss)) })
        }
        func path(_ name: String, _ record: [Step]) -> ChartSeries {
            ChartSeries(
                name,
                xy: [(Double(AdamExplanation.start.w1), Double(AdamExplanation.start.w2))] + record.map { (Double($0.w1), Double($0.w2)) })
        }
        return [
            Chart(
                title: "Loss per step", x: ChartAxis("step"), y: ChartAxis("loss", logScale: true),
                series: [series("gradient descent", gradientDescent), series("Adam", adam)]),
            Chart(
                title: "Path of the weights (minimum at w1 = 3, w2 = 0.5)", x: ChartAxis("w1"), y: ChartAxis("w2"),
                series: [
                    path("gradient descent", gradientDescent), path("Adam", adam),
                    ChartSeries("minimum", xy: [(Double(AdamExplanation.target.w1), Double(AdamExplanation.target.w2))], style: .points),
                ]),
        ]
    }

    /// The table of steps, the charts in the terminal (when `chartStyle` is given), and a
    /// one-line summary.
    public func report(chartStyle: TerminalChartStyle? = nil) -> String {
        func f(_ x: Float) -> String { ExplainFormatting.number(x, digits: 4) }
        var text = """
            Linear regression y = w1·x1 + w2·x2 with x1 in [0, 1] and x2 in [0, 10]: the loss is a bowl \
            \(f(curvatures.high / curvatures.low)) times steeper along w2 than along w1 (curvatures \(f(curvatures.low)) and \(f(curvatures.high))).
            Both start at w = (\(f(AdamExplanation.start.w1)), \(f(AdamExplanation.start.w2))); the minimum is at (\(f(AdamExplanation.target.w1)), \(f(AdamExplanation.target.w2))).
            Gradient descent: SGD, learning rate \(f(gradientDescentRate)) for both weights. Adam: learning rate α = \(f(adamRate)).

            """
        var table: [[String]] = [["step", "GD loss", "GD w1", "GD w2", "Adam loss", "Adam w1", "Adam w2", "Adam rate w1", "Adam rate w2"]]
        for step in shownSteps {
            let g = gradientDescent[step - 1], a = adam[step - 1]
            table.append(["\(step)", f(g.loss), f(g.w1), f(g.w2), f(a.loss), f(a.w1), f(a.w2)] + (a.effectiveRates ?? []).map(f))
        }
        text += ExplainFormatting.table(table) + "\n"
        text += "(Adam's rate of a weight is its effective learning rate α_t / (√v̂ + ε): large where its gradients have been small.)\n"
        if let chartStyle {
            for chart in charts {
                text += "\n" + chart.terminalLines(width: 60, height: 10, style: chartStyle).joined(separator: "\n") + "\n"
            }
        }
        let g = gradientDescent.last!, a = adam.last!, rates = a.effectiveRates ?? [0, 0]
        text +=
            "\nIn short: one learning rate small enough for the steep w2 leaves w1 crawling (gradient descent's loss \(f(g.loss)) after \(steps) steps, w1 = \(f(g.w1))); "
        text +=
            "Adam gives w1 a step size \(f(rates[0] / Swift.max(rates[1], .leastNonzeroMagnitude))) times w2's and reaches loss \(f(a.loss))."
        return text
    }

    /// The numbers printed, as JSON: every step of both optimizers.
    public func json() -> String {
        func steps(_ record: [Step]) -> String {
            ExplainJSON.object([
                "loss": ExplainJSON.numbers(record.map(\.loss)), "w1": ExplainJSON.numbers(record.map(\.w1)),
                "w2": ExplainJSON.numbers(record.map(\.w2)),
            ])
        }
        return ExplainJSON.object([
            "steps": "\(self.steps)", "gradient_descent_rate": ExplainJSON.number(gradientDescentRate),
            "adam_rate": ExplainJSON.number(adamRate),
            "curvatures": ExplainJSON.numbers([curvatures.low, curvatures.high]),
            "gradient_descent": steps(gradientDescent),
            "adam": steps(adam),
            "adam_effective_rates": ExplainJSON.array(adam.map { ExplainJSON.numbers($0.effectiveRates ?? []) }),
        ])
    }
}
