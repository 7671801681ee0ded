/// A layer that takes several inputs and merges them into one output, as Keras's merging
/// layers do (`Add`, `Concatenate`, ...). Call it on an array: of tensors to compute, of
/// ``SymbolicTensor``s to add it to a functional ``Model``'s graph.
///
/// ```swift
/// let a = Input(shape: [4]), b = Input(shape: [4])
/// let sum = Add()([a, b])                       // a symbolic tensor of shape [4]
/// Add()([Tensor([[1, 2]]), Tensor([[3, 4]])])   // [[4.0, 6.0]]
/// ```
///
/// A merge layer has no single-input form: ``Layer/forward(_:training:)`` on one tensor is a
/// programming error, and ``Layer/outputShape(forInputShape:)`` throws.
public protocol MergeLayer: RegisteredLayer {
    /// The output shape for inputs of these shapes (batch axis left out).
    ///
    /// - Throws: ``ArchitectureError`` naming the layer and the shapes when they cannot be
    ///   merged (different shapes for `Add`, a count other than two for `Subtract`, ...).
    func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int]
    /// The merged output for one batch of each input, in order.
    func forward(_ inputs: [Tensor], training: Bool) -> Tensor
}

extension MergeLayer {
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        throw ArchitectureError(
            .shapeMismatch, "\(typeName) '\(name)' merges several inputs: call it on an array of them")
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        fatalError("\(typeName) '\(name)' merges several inputs: call it on an array of them")
    }

    /// The merged output for a batch of each input (Dropout-style layers aside, `training`
    /// changes nothing for merges).
    public func callAsFunction(_ inputs: [Tensor], training: Bool = false) -> Tensor {
        do {
            _ = try outputShape(forInputShapes: inputs.map { Array($0.shape.dropFirst()) })
        } catch {
            fatalError("\(error)")
        }
        require(Set(inputs.map { $0.shape.first ?? 0 }).count == 1, "\(typeName) '\(name)': the inputs have different batch sizes")
        return forward(inputs, training: training)
    }

    /// Checks that there are at least `minimum` inputs, all of one shape, and returns it: the
    /// rule of the elementwise merges.
    func sameShape(_ shapes: [[Int]], minimum: Int = 2) throws -> [Int] {
        guard shapes.count >= minimum else {
            throw ArchitectureError(
                .shapeMismatch,
                "\(typeName) '\(name)' needs at least \(minimum) inputs, got \(shapes.count)")
        }
        guard let first = shapes.first, shapes.allSatisfy({ $0 == first }) else {
            throw ArchitectureError(
                .shapeMismatch,
                "\(typeName) '\(name)' needs inputs of one shape, got \(shapes.map(\.description).joined(separator: ", "))")
        }
        return first
    }
}
