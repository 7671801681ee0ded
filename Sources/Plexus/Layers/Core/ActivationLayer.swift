/// A layer that applies an activation function and has no parameters, like Keras's
/// `Activation("relu")`.
///
/// ```swift
/// ActivationLayer(.softmax)
/// ```
public final class ActivationLayer: Layer {
    /// The function applied.
    public let activation: Activation
    public var name: String
    public var typeName: String { "Activation" }
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer applying `activation`.
    public init(_ activation: Activation, name: String = "activation") {
        self.activation = activation
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        activation.applied(to: input)
    }
}
