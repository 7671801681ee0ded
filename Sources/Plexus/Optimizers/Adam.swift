import Foundation

/// Adam: gradient descent scaled per weight by running estimates of the gradient's first and
/// second moments, as Keras defines it.
///
/// With `t = step + 1` (1 at the first update), moments `m` and `v` starting at zero:
/// `m ← m + (g - m)(1 - β₁)`, `v ← v + (g² - v)(1 - β₂)`,
/// `α = lr √(1 - β₂ᵗ) / (1 - β₁ᵗ)`, `w ← w - α m / (√v + ε)`.
/// (PyTorch adds its ε after bias-correcting `v`, so equal ε values give different steps.)
///
/// ```swift
/// let optimizer = Adam(learningRate: 1e-3)
/// optimizer.update(parameters, with: gradients)
/// ```
public final class Adam: Optimizer {
    public var learningRate: Float
    /// The decay rate of the first-moment estimate.
    public let beta1: Float
    /// The decay rate of the second-moment estimate.
    public let beta2: Float
    /// Added to `√v` to keep the step finite.
    public let epsilon: Float
    public var step = 0

    public var name: String { "adam" }
    public var slotNames: [String] { ["momentum", "velocity"] }

    private let slots: OptimizerSlots
    /// The name messages give: "adam", or "adamw" when ``AdamW`` runs this Adam after its decay.
    private let messageName: String

    /// Adam with Keras's defaults: learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7.
    ///
    /// - Precondition: `learningRate` finite and not negative; `beta1`, `beta2` in `[0, 1)`;
    ///   `epsilon` positive.
    public convenience init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, messageName: "adam")
    }

    /// Adam whose messages say `messageName` (``AdamW`` runs one).
    init(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, messageName: String) {
        checkLearningRate(learningRate, optimizer: messageName)
        require(beta1 >= 0 && beta1 < 1, "\(messageName): beta1 must be in [0, 1), got \(beta1)")
        require(beta2 >= 0 && beta2 < 1, "\(messageName): beta2 must be in [0, 1), got \(beta2)")
        require(epsilon > 0 && epsilon.isFinite, "\(messageName): epsilon must be positive, got \(epsilon)")
        self.messageName = messageName
        self.slots = OptimizerSlots(count: 2, optimizerName: messageName)
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Parameters of at least this many values are updated on all cores at once: below it, the
    /// hand-off to another thread costs more than the pass it would share.
    static let parallelThreshold = 1 << 17

    public func update(_ parameters: [Parameter], with gradients: Gradients) {
        checkLearningRate(learningRate, optimizer: messageName)
        // The bias corrections, once per step, in Double.
        let t = Double(step + 1)
        let correction1 = 1 - Foundation.pow(Double(beta1), t)
        let correction2 = 1 - Foundation.pow(Double(beta2), t)
        let alpha = Float(Double(learningRate) * correction2.squareRoot() / correction1)
        let keep1 = 1 - beta1, keep2 = 1 - beta2, epsilon = epsilon
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            checkGradientShape(gradient, of: parameter, optimizer: messageName)
            var taken = slots.take(parameter)
            var first = taken[0], second = taken[1]
            taken = []
            if let squares = parameter.occurrenceSquares, squares.shape == gradient.shape {
                parameter.occurrenceSquares = nil
                Adam.updateWithOccurrenceSquares(
                    parameter, gradient, squares, &first, &second, alpha: alpha, keep1: keep1, keep2: keep2, epsilon: epsilon)
                slots.put([first, second], for: parameter)
                continue
            }
            parameter.value.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            // The vectorised kernel: one pass over w, g, m and v, a large
                            // parameter's in slices on every core (memory-bound: a 400,000-weight
                            // kernel is 11 MB of traffic a step). Slices start at multiples of 64,
                            // so each element takes the same path as unsplit: the same bits.
                            let count = w.count
                            guard count > 0 else { return }
                            let parts = count >= Adam.parallelThreshold ? MatmulBackend.defaultThreadCount : 1
                            let slice = (count / parts + 63) / 64 * 64
                            parallelFor(parts) { part in
                                let start = Swift.min(count, part * slice)
                                let end = part == parts - 1 ? count : Swift.min(count, start + slice)
                                CPUKernels.adam(
                                    w.baseAddress! + start, g.baseAddress! + start, m.baseAddress! + start,
                                    v.baseAddress! + start, end - start, alpha, keep1, keep2, epsilon)
                            }
                        }
                    }
                }
            }
            slots.put([first, second], for: parameter)
        }
        step += 1
    }

    /// The update of a table read by index: the same formula with the per-read squared
    /// gradients in the second moment (`v ← v + (Σ gᵢ² - v)(1 - β₂)`), as Keras on
    /// TensorFlow steps an embedding (see ``Parameter/occurrenceSquares``).
    private static func updateWithOccurrenceSquares(
        _ parameter: Parameter, _ gradient: Tensor, _ squares: Tensor, _ first: inout Tensor, _ second: inout Tensor,
        alpha: Float, keep1: Float, keep2: Float, epsilon: Float
    ) {
        parameter.value.withUnsafeMutableBufferPointer { w in
            gradient.withUnsafeBufferPointer { g in
                squares.withUnsafeBufferPointer { s in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            for i in 0..<w.count {
                                m[i] += (g[i] - m[i]) * keep1
                                v[i] += (s[i] - v[i]) * keep2
                                w[i] -= alpha * m[i] / (v[i].squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }

    public func state(for parameter: Parameter) -> [Tensor] { slots.state(for: parameter) }

    public func setState(_ slots: [Tensor], for parameter: Parameter) {
        self.slots.setState(slots, for: parameter, slotNames: slotNames)
    }
}
