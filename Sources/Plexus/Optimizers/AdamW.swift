/// AdamW: Adam with decoupled weight decay, as Keras defines it.
///
/// Each update first shrinks every trainable weight that has a gradient toward zero, by a step
/// that does not depend on the gradient, then takes ``Adam``'s step with the gradient computed
/// at the weights as they were before the decay:
///
/// `w ← w - w · weightDecay · lr`, then, with `t = step + 1` and moments `m`, `v` starting
/// at zero, `m ← m + (g - m)(1 - β₁)`, `v ← v + (g² - v)(1 - β₂)`,
/// `α = lr √(1 - β₂ᵗ) / (1 - β₁ᵗ)`, `w ← w - α m / (√v + ε)`.
///
/// The decay uses the learning rate of the current step, so a schedule scales it too. Unlike an
/// L2 penalty in the loss, it is not divided by Adam's `√v`: every weight shrinks by the same
/// fraction. Biases decay like kernels (Keras excludes none by default). As in Keras 3, the
/// order is decay, then the Adam step. (PyTorch's `AdamW` decays the same way, but its default
/// weight decay is 0.01 and its ε is placed differently, as for ``Adam``.) Keras's `amsgrad`
/// variant is not offered, as it is not by ``Adam``.
///
/// ```swift
/// model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true),
///               optimizer: AdamW(learningRate: 1e-3, weightDecay: 0.004))
/// ```
public final class AdamW: Optimizer {
    /// The Adam step taken after the decay; it holds the step count and the moments.
    private let adam: Adam

    /// The fraction of each weight removed per step, per unit of learning rate.
    public let weightDecay: Float

    public var learningRate: Float {
        get { adam.learningRate }
        set { adam.learningRate = newValue }
    }
    /// The decay rate of the first-moment estimate.
    public var beta1: Float { adam.beta1 }
    /// The decay rate of the second-moment estimate.
    public var beta2: Float { adam.beta2 }
    /// Added to `√v` to keep the step finite.
    public var epsilon: Float { adam.epsilon }
    public var step: Int {
        get { adam.step }
        set { adam.step = newValue }
    }

    public var name: String { "adamw" }
    public var slotNames: [String] { adam.slotNames }

    /// AdamW with Keras's defaults: learning rate 1e-3, weight decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7.
    ///
    /// - Precondition: `learningRate` finite and not negative; `weightDecay` finite and not
    ///   negative; `beta1`, `beta2` in `[0, 1)`; `epsilon` positive.
    public init(
        learningRate: Float = 1e-3, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
        epsilon: Float = 1e-7
    ) {
        require(
            weightDecay.isFinite && weightDecay >= 0,
            "adamw: the weight decay must be finite and not negative, got \(weightDecay)")
        self.weightDecay = weightDecay
        adam = Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, messageName: "adamw")
    }

    public func update(_ parameters: [Parameter], with gradients: Gradients) {
        checkLearningRate(learningRate, optimizer: name)
        // Keras computes w - w * weight_decay * lr, in that order, in float32.
        let decay = weightDecay, lr = learningRate
        if decay != 0 {
            for parameter in parameters where parameter.isTrainable {
                guard let gradient = gradients[parameter] else { continue }
                checkGradientShape(gradient, of: parameter, optimizer: name)
                parameter.value.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count { w[i] -= w[i] * decay * lr }
                }
            }
        }
        adam.update(parameters, with: gradients)
    }

    public func state(for parameter: Parameter) -> [Tensor] { adam.state(for: parameter) }

    public func setState(_ slots: [Tensor], for parameter: Parameter) { adam.setState(slots, for: parameter) }
}
