/// Stochastic gradient descent, with optional momentum and Nesterov momentum, as Keras defines it.
///
/// Without momentum: `w ← w - lr g`. With momentum `μ`, a velocity `m` (zero at first):
/// `m ← μ m - lr g`, then `w ← w + m`; with Nesterov momentum, `w ← w + μ m - lr g` (with
/// the new `m`).
///
/// ```swift
/// let optimizer = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// optimizer.update(parameters, with: gradients)
/// ```
public final class SGD: Optimizer {
    public var learningRate: Float
    /// The momentum `μ`, in `[0, 1]`; 0 is plain gradient descent.
    public let momentum: Float
    /// Whether the step looks ahead along the velocity (Nesterov momentum).
    public let nesterov: Bool
    public var step = 0

    public var name: String { "SGD" }
    public var slotNames: [String] { momentum == 0 ? [] : ["momentum"] }

    private let slots: OptimizerSlots

    /// Gradient descent with Keras's defaults: learning rate 0.01, no momentum.
    ///
    /// - Precondition: `learningRate` finite and not negative; `momentum` in `[0, 1]`.
    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        checkLearningRate(learningRate, optimizer: "SGD")
        require(momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1], got \(momentum)")
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
        self.slots = OptimizerSlots(count: momentum == 0 ? 0 : 1, optimizerName: "SGD")
    }

    public func update(_ parameters: [Parameter], with gradients: Gradients) {
        checkLearningRate(learningRate, optimizer: name)
        let lr = learningRate, mu = momentum, nesterov = nesterov
        for parameter in parameters where parameter.isTrainable {
            guard let gradient = gradients[parameter] else { continue }
            checkGradientShape(gradient, of: parameter, optimizer: name)
            if mu == 0 {
                parameter.value.withUnsafeMutableBufferPointer { w in
                    gradient.withUnsafeBufferPointer { g in
                        for i in 0..<w.count { w[i] -= lr * g[i] }
                    }
                }
                continue
            }
            var taken = slots.take(parameter)
            var velocity = taken[0]
            taken = []
            parameter.value.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    velocity.withUnsafeMutableBufferPointer { m in
                        if nesterov {
                            for i in 0..<w.count {
                                let step = lr * g[i]
                                let newVelocity = mu * m[i] - step
                                m[i] = newVelocity
                                w[i] += mu * newVelocity - step
                            }
                        } else {
                            for i in 0..<w.count {
                                let newVelocity = mu * m[i] - lr * g[i]
                                m[i] = newVelocity
                                w[i] += newVelocity
                            }
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
