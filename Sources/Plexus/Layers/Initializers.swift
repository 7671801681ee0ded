/// Ways to draw a layer's initial weights.
public enum Initializer: Sendable, Hashable {
    /// Uniform in [-limit, limit] with limit = sqrt(6 / (fanIn + fanOut)): Keras's default for
    /// Dense and Conv2D kernels (Glorot and Bengio, 2010).
    case glorotUniform
    /// All zeros: Keras's default for biases.
    case zeros

    /// A tensor of the given shape, drawn from `generator`.
    public func tensor(_ shape: [Int], fanIn: Int, fanOut: Int, using generator: inout RandomGenerator) -> Tensor {
        switch self {
        case .glorotUniform:
            let limit = (6 / Float(Swift.max(fanIn + fanOut, 1))).squareRoot()
            return Tensor.uniform(shape, low: -limit, high: limit, using: &generator)
        case .zeros:
            return Tensor.zeros(shape)
        }
    }
}
