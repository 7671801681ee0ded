/// RMSprop: gradient descent scaled per weight by a running mean of the squared gradient, as
/// Keras defines it (without momentum, not centered).
///
/// With `v` starting at zero: `v ← ρ v + (1 - ρ) g²`, `w ← w - lr g / √(v + ε)`
/// (ε inside the root, as in Keras; PyTorch adds it outside).
///
/// ```swift
/// let optimizer = RMSprop(learningRate: 1e-3)
/// optimizer.update(parameters, with: gradients)
/// ```
public final class RMSprop: Optimizer {
    public var learningRate: Float
    /// The decay rate of the running mean of squared gradients.
    public let rho: Float
    /// Added to `v` under the square root to keep the step finite.
    public let epsilon: Float
    public var step = 0

    public var name: String { "rmsprop" }
    public var slotNames: [String] { ["velocity"] }

    private let slots = OptimizerSlots(count: 1, optimizerName: "rmsprop")

    /// RMSprop with Keras's defaults: learning rate 1e-3, ρ 0.9, ε 1e-7.
    ///
    /// - Precondition: `learningRate` finite and not negative; `rho` in `[0, 1)`; `epsilon` positive.
    public init(learningRate: Float = 1e-3, rho: Float = 0.9, epsilon: Float = 1e-7) {
        checkLearningRate(learningRate, optimizer: "rmsprop")
        require(rho >= 0 && rho < 1, "rmsprop: rho must be in [0, 1), got \(rho)")
        require(epsilon > 0 && epsilon.isFinite, "rmsprop: epsilon must be positive, got \(epsilon)")
        self.learningRate = learningRate
        self.rho = rho
        self.epsilon = epsilon
    }

    public func update(_ parameters: [Parameter], with gradients: Gradients) {
        checkLearningRate(learningRate, optimizer: name)
        let lr = learningRate, rho = rho, keep = 1 - rho, epsilon = epsilon
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            checkGradientShape(gradient, of: parameter, optimizer: name)
            var taken = slots.take(parameter)
            var velocity = taken[0]
            taken = []
            // A table read by index squares each read's gradient, as Keras on TensorFlow does
            // (see Parameter.occurrenceSquares); any other weight squares its gradient.
            let squares = parameter.occurrenceSquares.flatMap { $0.shape == gradient.shape ? $0 : nil }
            parameter.occurrenceSquares = nil
            parameter.value.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    velocity.withUnsafeMutableBufferPointer { v in
                        func step(_ square: (Int) -> Float) {
                            for i in 0..<w.count {
                                let vi = rho * v[i] + keep * square(i)
                                v[i] = vi
                                w[i] -= lr * g[i] / (vi + epsilon).squareRoot()
                            }
                        }
                        if let squares {
                            squares.withUnsafeBufferPointer { s in step { s[$0] } }
                        } else {
                            step { g[$0] * g[$0] }
                        }
                    }
                }
            }
            slots.put([velocity], for: parameter)
        }
        step += 1
    }

    public func state(for parameter: Parameter) -> [Tensor] { slots.state(for: parameter) }

    public func setState(_ slots: [Tensor], for parameter: Parameter) {
        self.slots.setState(slots, for: parameter, slotNames: slotNames)
    }
}
