import Plexus

import Foundation

/// Why `from_logits=True`: softmax computed naively in Float32 (e^z, sum, divide, then the log
/// for the loss) overflows for large logits, while the engine's from-logits form (log-sum-exp
/// with the maximum subtracted) gives the right probabilities and loss; and on ordinary logits
/// the from-logits loss rounds less than the probability-form loss.
///
/// ```swift
/// let explanation = try SoftmaxExplanation(logits: [1000, 999, 998])
/// explanation.naiveProbabilities      // [nan, nan, nan]: e^1000 is inf in Float32
/// explanation.probabilities           // [0.665, 0.245, 0.090]
/// ```
public struct SoftmaxExplanation: Sendable {
    /// The loss of one example computed three ways, next to the exact value.
    public struct LossComparison: Sendable {
        /// The logits.
        public let logits: [Float]
        /// The true class.
        public let label: Int
        /// -log softmax(z)[label] in Double: the reference.
        public let exact: Double
        /// The same by hand in Float32: e^z, divide by the sum, then -log.
        public let naive: Float
        /// The engine's probability-form loss: softmax, then cross-entropy (probabilities clipped
        /// to [1e-7, 1 - 1e-7], as Keras does).
        public let probabilityForm: Float
        /// The engine's loss from logits (`fromLogits: true`).
        public let fromLogits: Float
    }

    /// The logits.
    public let logits: [Float]
    /// The true class, for the loss.
    public let label: Int
    /// e^z for each logit, by hand in Float32.
    public let naiveExponentials: [Float]
    /// Their sum.
    public let naiveSum: Float
    /// e^z / sum, by hand in Float32.
    public let naiveProbabilities: [Float]
    /// -log of the label's naive probability.
    public let naiveLoss: Float
    /// The engine's softmax (maximum subtracted).
    public let probabilities: [Float]
    /// The engine's log-softmax: z - max - log(sum e^(z - max)).
    public let logProbabilities: [Float]
    /// The engine's sparse categorical cross-entropy from logits.
    public let loss: Float
    /// The loss on ordinary logits, computed each way.
    public let comparisons: [LossComparison]

    /// The ordinary examples of the rounding comparison: an even guess, and a confident mistake.
    public static let ordinaryExamples: [(logits: [Float], label: Int)] = [([2, 1, 0.1], 0), ([-9, 9, 0], 0)]

    /// The explanation for `logits` and the class `label`.
    ///
    /// - Throws: ``ExplainError`` for no logits, more than 10,000, a logit that is not finite,
    ///   or a label that is not one of the classes.
    public init(logits: [Float], label: Int = 0) throws {
        guard !logits.isEmpty, logits.count <= 10_000 else {
            throw ExplainError("--logits takes 1 to 10,000 numbers, got \(logits.count)")
        }
        guard logits.allSatisfy(\.isFinite) else { throw ExplainError("--logits must be finite numbers") }
        guard label >= 0, label < logits.count else {
            throw ExplainError("--label must be a class 0...\(logits.count - 1) of the \(logits.count) logits, got \(label)")
        }
        self.logits = logits
        self.label = label
        let exponentials = logits.map { Foundation.exp($0) }
        let sum = exponentials.reduce(0, +)
        naiveExponentials = exponentials
        naiveSum = sum
        naiveProbabilities = exponentials.map { $0 / sum }
        naiveLoss = -Foundation.log(exponentials[label] / sum)
        let z = Tensor(shape: [1, logits.count], scalars: logits), y = Tensor(shape: [1], scalars: [Float(label)])
        probabilities = Plexus.softmax(z).scalars
        logProbabilities = logSoftmax(z).scalars
        loss = SparseCategoricalCrossentropy(fromLogits: true)(z, y).scalar
        comparisons = SoftmaxExplanation.ordinaryExamples.map { SoftmaxExplanation.compare($0.logits, label: $0.label) }
    }

    static func compare(_ logits: [Float], label: Int) -> LossComparison {
        let high = Double(logits.max()!)
        let exact = -(Double(logits[label]) - high - Foundation.log(logits.map { Foundation.exp(Double($0) - high) }.reduce(0, +)))
        let exponentials = logits.map { Foundation.exp($0) }
        let naive = -Foundation.log(exponentials[label] / exponentials.reduce(0, +))
        let z = Tensor(shape: [1, logits.count], scalars: logits), y = Tensor(shape: [1], scalars: [Float(label)])
        return LossComparison(
            logits: logits, label: label, exact: exact, naive: naive,
            probabilityForm: SparseCategoricalCrossentropy(fromLogits: false)(Plexus.softmax(z), y).scalar,
            fromLogits: SparseCategoricalCrossentropy(fromLogits: true)(z, y).scalar)
    }

    /// The naive steps, the stable result, the rounding comparison, and a one-line summary.
    public func report() -> String {
        func f(_ x: Float) -> String { ExplainFormatting.number(x, digits: 6) }
        func list(_ xs: [Float]) -> String { ExplainFormatting.tensor(Tensor(xs), digits: 6) }
        let probabilitySum = probabilities.reduce(0, +)
        var text = """
            Logits z = \(list(logits)), true class \(label), in Float32 (largest finite value about 3.4e38).

            Naive, by hand: softmax = e^z / sum(e^z), then loss = -log(softmax[\(label)])
              e^z         = \(list(naiveExponentials))
              sum(e^z)    = \(f(naiveSum))
              softmax     = \(list(naiveProbabilities))
              loss        = \(f(naiveLoss))

            From logits, the engine: log-softmax = z - max(z) - log(sum(e^(z - max(z)))), never above 0
              softmax     = \(list(probabilities))   (sum \(f(probabilitySum)))
              log-softmax = \(list(logProbabilities))
              loss        = \(f(loss))   (SparseCategoricalCrossentropy(fromLogits: true))

            The loss on ordinary logits, each way, against the exact value (computed in Double):

            """
        var table: [[String]] = [
            ["logits", "class", "exact", "naive Float32", "error", "softmax, then loss", "error", "from logits", "error"]
        ]
        for c in comparisons {
            func error(_ x: Float) -> String { ExplainFormatting.number(abs(Double(x) - c.exact), digits: 2) }
            table.append([
                list(c.logits), "\(c.label)", ExplainFormatting.number(c.exact, digits: 8),
                f(c.naive), error(c.naive), f(c.probabilityForm), error(c.probabilityForm), f(c.fromLogits), error(c.fromLogits),
            ])
        }
        text += ExplainFormatting.table(table) + "\n"
        let naiveBroke = !naiveLoss.isFinite || naiveProbabilities.contains { !$0.isFinite }
        text +=
            naiveBroke
            ? "In short: e^z overflowed, so the naive softmax gave \(f(naiveProbabilities.first { !$0.isFinite } ?? naiveLoss)) while the from-logits form gave probabilities summing to \(f(probabilitySum)) and loss \(f(loss)); "
            : "In short: these logits are small enough for the naive form, but logits near 89 or more overflow e^z in Float32; "
        text +=
            "tell the loss it gets logits (from_logits=True) and it never computes e^z of a large number, and never rounds a probability before its log."
        return text
    }

    /// The numbers printed, as JSON (not-finite values as null).
    public func json() -> String {
        ExplainJSON.object([
            "logits": ExplainJSON.numbers(logits), "label": "\(label)",
            "naive": ExplainJSON.object([
                "exponentials": ExplainJSON.numbers(naiveExponentials), "sum": ExplainJSON.number(naiveSum),
                "probabilities": ExplainJSON.numbers(naiveProbabilities), "loss": ExplainJSON.number(naiveLoss),
            ]),
            "from_logits": ExplainJSON.object([
                "probabilities": ExplainJSON.numbers(probabilities), "log_probabilities": ExplainJSON.numbers(logProbabilities),
                "loss": ExplainJSON.number(loss),
            ]),
            "comparisons": ExplainJSON.array(
                comparisons.map { c in
                    ExplainJSON.object([
                        "logits": ExplainJSON.numbers(c.logits), "label": "\(c.label)", "exact": ExplainJSON.number(c.exact),
                        "naive": ExplainJSON.number(c.naive), "probability_form": ExplainJSON.number(c.probabilityForm),
                        "from_logits": ExplainJSON.number(c.fromLogits),
                    ])
                }),
        ])
    }
}
