/// Flattens each sample to a vector: `[batch, d1, d2, ...]` becomes `[batch, d1 * d2 * ...]`,
/// in row-major (channels-last) order, as Keras's `Flatten`.
///
/// ```swift
/// Flatten()                 // [batch, 5, 5, 64] -> [batch, 1600]
/// ```
///
/// The buffer is shared, not copied; the gradient is the output's gradient shaped back.
public final class Flatten: Layer {
    public var name: String
    public var typeName: String { "Flatten" }
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer that flattens each sample.
    public init(name: String = "flatten") {
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        [try ArchitecturePlan.elementCount(inputShape, what: "the input")]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        require(input.rank >= 1, "\(typeName) '\(name)' needs inputs with a batch axis, got a scalar")
        return input.reshaped([input.shape[0], Array(input.shape.dropFirst()).elementCount])
    }
}
