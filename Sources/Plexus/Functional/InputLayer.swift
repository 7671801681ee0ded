/// The entry of a functional ``Model``: it stands for one of the model's inputs in summaries
/// and model files (as Keras's `InputLayer`) and passes its samples on unchanged.
public final class InputLayer: Layer {
    public var name: String
    public var typeName: String { "InputLayer" }
    /// The shape of one sample, without the batch axis.
    public let shape: [Int]
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// The input of samples of `shape`.
    public init(name: String = "input_layer", shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard inputShape == shape else {
            throw ArchitectureError(.shapeMismatch, "input '\(name)' takes samples of shape \(shape), got \(inputShape)")
        }
        return shape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor { input }
}
