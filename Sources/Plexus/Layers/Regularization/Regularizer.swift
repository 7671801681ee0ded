/// A penalty on a layer's weights, added to the loss that training minimises, as Keras's
/// `keras.regularizers`:
///
///     l1:   penalty = l1 * sum(|w|)
///     l2:   penalty = l2 * sum(w^2)
///     l1l2: penalty = l1 * sum(|w|) + l2 * sum(w^2)
///
/// The loss reported by `fit`, `evaluate` and `trainOnBatch` includes the penalties, as
/// Keras's does (its `compute_loss` adds `model.losses` to the data loss).
///
/// ```swift
/// Dense(64, activation: .relu, kernelRegularizer: .l2(0.001))
/// Conv2D(32, 3, activation: .relu, kernelRegularizer: .l1l2(l1: 1e-5, l2: 1e-4))
/// ```
public enum Regularizer: Sendable, Equatable {
    /// The sum of absolute values, times the factor (Keras's default factor 0.01).
    case l1(Float = 0.01)
    /// The sum of squares, times the factor (Keras's default factor 0.01).
    case l2(Float = 0.01)
    /// Both, each with its factor (Keras's defaults are 0 for both).
    case l1l2(l1: Float = 0, l2: Float = 0)

    /// The two factors, zero where the penalty does not apply.
    var factors: (l1: Float, l2: Float) {
        switch self {
        case .l1(let l1): return (l1, 0)
        case .l2(let l2): return (0, l2)
        case .l1l2(let l1, let l2): return (l1, l2)
        }
    }

    /// The regularizer with these factors: `.l1`, `.l2` or `.l1l2` as Keras would name it.
    init(l1: Float, l2: Float) {
        switch (l1 != 0, l2 != 0) {
        case (true, false): self = .l1(l1)
        case (false, true): self = .l2(l2)
        default: self = .l1l2(l1: l1, l2: l2)
        }
    }

    /// The penalty on `weights`, a scalar recorded for gradients when `weights` is tracked.
    public func penalty(_ weights: Tensor) -> Tensor {
        let (l1, l2) = factors
        var total = Tensor(0)
        if l1 != 0 { total = total + abs(weights).sum() * l1 }
        if l2 != 0 { total = total + weights.squared().sum() * l2 }
        return total
    }

    /// How a model file writes it: `{"l1": 0, "l2": 0.001}`.
    var setting: ConfigurationValue {
        let (l1, l2) = factors
        return .object(["l1": .float(l1), "l2": .float(l2)])
    }

    /// The regularizer a model file wrote under `key`, if any.
    static func read(_ key: String, from settings: LayerSettings) throws -> Regularizer? {
        switch settings.values[key] {
        case nil, .null?: return nil
        case .object(let object)?:
            let factors = LayerSettings(object)
            let nonNegative = "a finite number of 0 or more"
            let l1 = try factors.float("l1", default: 0, expected: nonNegative, where: { $0 >= 0 })
            let l2 = try factors.float("l2", default: 0, expected: nonNegative, where: { $0 >= 0 })
            return Regularizer(l1: l1, l2: l2)
        case let other?:
            throw LayerSettingsError(key, "must be an object with l1 and l2 factors, got \(other.shortDescription)")
        }
    }

    /// The regularizer that `l1=X` and `l2=X` options of a `--layers` entry ask for, if any;
    /// other `key=value` options are an error.
    static func read(optionsOf entry: SpecificationEntry, after index: Int) throws -> Regularizer? {
        var l1: Float = 0, l2: Float = 0, given = false
        for (key, value) in entry.options(after: index) {
            let factor = try entry.number(value, "the \(key) factor", expected: "a number of 0 or more", where: { $0 >= 0 })
            switch key {
            case "l1": l1 = factor
            case "l2": l2 = factor
            default: throw entry.failure("unknown option '\(ErrorText.cut(key, limit: 20))=' (use l1=X and/or l2=X for a weight penalty)")
            }
            given = true
        }
        return given ? Regularizer(l1: l1, l2: l2) : nil
    }
}
