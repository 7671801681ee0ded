import Plexus

import Foundation

/// The course's definition of a derivative as an experiment: nudge w up by a small ε and see
/// how much J goes up. If it goes up by k·ε, the derivative dJ/dw is (about) k.
///
/// The nudge is computed in Double, so that the ratio shows the definition rather than
/// rounding; ``exact`` comes from Plexus's autodiff engine, which computes in Float32.
///
/// ```swift
/// let experiment = try DerivativeExperiment(.square, at: 3, epsilon: 0.001)
/// experiment.ratio        // 6.001: J(3.001) - J(3) = 0.006001, over 0.001
/// experiment.exact        // 6.0:   2w at w = 3, by back-propagation
/// print(experiment.report())
/// ```
public struct DerivativeExperiment: Sendable {
    /// The function J(w).
    public let function: ExplainedFunction
    /// The point w.
    public let w: Double
    /// The nudge ε.
    public let epsilon: Double
    /// J(w).
    public let value: Double
    /// J(w + ε).
    public let nudgedValue: Double
    /// The derivative at w from the autodiff engine (Float32).
    public let exact: Float

    /// J(w + ε) - J(w): how much J went up.
    public var change: Double { nudgedValue - value }
    /// (J(w + ε) - J(w)) / ε: the derivative as the nudge measures it.
    public var ratio: Double { change / epsilon }

    /// Runs the experiment.
    ///
    /// - Throws: ``ExplainError`` when ε is not a positive finite number or the function is
    ///   not defined at w or w + ε (1/w at 0, log w at w ≤ 0).
    public init(_ function: ExplainedFunction, at w: Double, epsilon: Double) throws {
        guard epsilon.isFinite, epsilon > 0 else {
            throw ExplainError("epsilon must be a positive number, got \(ExplainFormatting.number(epsilon, digits: 9))")
        }
        guard function.isDefined(at: w), function.isDefined(at: w + epsilon) else {
            let domain = function == .log ? "w > 0" : "w ≠ 0"
            throw ExplainError(
                "\(function.rawValue) is defined only for \(domain); w = \(ExplainFormatting.number(w, digits: 9)), w + ε = \(ExplainFormatting.number(w + epsilon, digits: 9))"
            )
        }
        self.function = function
        self.w = w
        self.epsilon = epsilon
        value = function.value(w)
        nudgedValue = function.value(w + epsilon)
        exact = valueWithGradient(at: Tensor(Float(w))) { function($0) }.gradient.scalar
    }

    /// The experiment as the course would put it: J(w), J(w + ε), the change, the ratio and
    /// the exact derivative side by side, a sentence, and a note on precision.
    public func report() -> String {
        func g(_ x: Double) -> String { ExplainFormatting.number(x, digits: 9) }
        let width = [value, nudgedValue, change, ratio, Double(exact)].map { String(format: "%.9f", $0).count }.max() ?? 0
        // Fixed-point with 9 decimals, right-aligned so that the decimal points line up.
        func f(_ x: Double) -> String {
            let text = String(format: "%.9f", x)
            return String(repeating: " ", count: width - text.count) + text
        }
        let name = function.rawValue
        let eps = g(epsilon), wText = g(w), nudged = g(w + epsilon)
        let rows: [[String]] = [
            ["J(w)", "J(\(wText))", "=", f(value)],
            ["J(w + ε)", "J(\(nudged))", "=", f(nudgedValue)],
            ["change", "J(w + ε) - J(w)", "=", f(change)],
            ["ratio", "change / ε", "=", f(ratio)],
            ["exact", "dJ/dw = \(function.derivativeFormula)", "=", f(Double(exact)), "(autodiff)"],
        ]
        let k = ExplainFormatting.number(Double(exact), digits: 6)
        let direction =
            exact < 0
            ? "J goes down by about \(ExplainFormatting.number(Double(-exact), digits: 6))·ε (the derivative is \(k))"
            : "J goes up by about \(k)·ε"
        return """
            J(w) = \(name), w = \(wText), ε = \(eps)
            \(ExplainFormatting.table(rows))
            If w goes up by ε = \(eps), \(direction): the ratio \(ExplainFormatting.number(ratio, digits: 7)) \
            approaches dJ/dw = \(k) as ε gets smaller.
            Note: the nudge is computed in Double; the exact derivative comes from the autodiff engine, \
            which computes in Float32 (about 7 significant digits).
            """
    }
}
