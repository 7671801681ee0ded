import Plexus

import Foundation

/// A function of one variable for the derivative experiment (``DerivativeExperiment``): the
/// course's examples of what a derivative is.
///
/// ```swift
/// let square = ExplainedFunction(spelling: "w**2")   // .square
/// square?.value(3)                                   // 9.0
/// ```
public enum ExplainedFunction: String, CaseIterable, Sendable {
    /// J = w²
    case square = "w^2"
    /// J = w³
    case cube = "w^3"
    /// J = 1/w
    case reciprocal = "1/w"
    /// J = w
    case identity = "w"
    /// J = e^w
    case exp = "exp(w)"
    /// J = ln w
    case log = "log(w)"
    /// J = 1 / (1 + e^-w)
    case sigmoid = "sigmoid(w)"

    /// The function a spelling names: the canonical one (its `rawValue`, such as "w^2") or a
    /// variant: `**` for `^`, spaces, a leading `J=`, "w*w", "w^-1", "ln(w)", "e^w", "exp w".
    /// Nil for anything else.
    public init?(spelling: String) {
        var text = spelling.lowercased().filter { !$0.isWhitespace }
        text = text.replacingOccurrences(of: "**", with: "^")
        for prefix in ["j(w)=", "j="] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if let exact = ExplainedFunction(rawValue: text) {
            self = exact
            return
        }
        switch text {
        case "w*w", "w²", "square", "w^2.0": self = .square
        case "w*w*w", "w³", "cube", "w^3.0": self = .cube
        case "w^-1", "w^(-1)", "1/(w)", "reciprocal": self = .reciprocal
        case "w^1", "identity": self = .identity
        case "e^w", "expw", "exp": self = .exp
        case "ln(w)", "lnw", "logw", "ln", "log": self = .log
        case "sigmoid", "sigmoidw", "σ(w)", "g(w)", "1/(1+exp(-w))", "1/(1+e^-w)", "1/(1+e^(-w))": self = .sigmoid
        default: return nil
        }
    }

    /// The canonical spellings, for an error message: "w^2, w^3, 1/w, w, exp(w), log(w), sigmoid(w)".
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The value at `w`, in Double.
    public func value(_ w: Double) -> Double {
        switch self {
        case .square: return w * w
        case .cube: return w * w * w
        case .reciprocal: return 1 / w
        case .identity: return w
        case .exp: return Foundation.exp(w)
        case .log: return Foundation.log(w)
        case .sigmoid: return 1 / (1 + Foundation.exp(-w))
        }
    }

    /// The function on tensors, built from Plexus's differentiable operations, so that the
    /// autodiff engine can give its derivative.
    public func callAsFunction(_ w: Tensor) -> Tensor {
        switch self {
        case .square: return pow(w, 2)
        case .cube: return pow(w, 3)
        case .reciprocal: return 1 / w
        case .identity: return w
        case .exp: return Plexus.exp(w)
        case .log: return Plexus.log(w)
        case .sigmoid: return Plexus.sigmoid(w)
        }
    }

    /// The derivative dJ/dw as the course writes it: "2w", "-1/w^2".
    public var derivativeFormula: String {
        switch self {
        case .square: return "2w"
        case .cube: return "3w^2"
        case .reciprocal: return "-1/w^2"
        case .identity: return "1"
        case .exp: return "exp(w)"
        case .log: return "1/w"
        case .sigmoid: return "sigmoid(w)(1 - sigmoid(w))"
        }
    }

    /// Whether `w` is in the function's domain: w ≠ 0 for 1/w, w > 0 for log w.
    public func isDefined(at w: Double) -> Bool {
        guard w.isFinite else { return false }
        switch self {
        case .reciprocal: return w != 0
        case .log: return w > 0
        default: return true
        }
    }
}
