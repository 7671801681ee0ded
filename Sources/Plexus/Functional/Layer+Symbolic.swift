// Calling a layer on symbolic tensors: the functional API. The call computes the output shape
// at once (so a layer that cannot take its input is found where it is written) and records a
// node of the graph; no weight is made until the ``Model`` is.

extension Layer {
    /// Records a call of this layer on `input` and returns its symbolic output.
    ///
    /// ```swift
    /// let input = Input(shape: [64])
    /// let hidden = Dense(32, activation: .relu)(input)
    /// ```
    ///
    /// Calling the same layer again shares its weights: both calls use the one layer.
    /// A layer that cannot take `input`'s shape is a programming error and stops with the
    /// message of ``Layer/outputShape(forInputShape:)``; use ``call(_:)`` to get that error thrown.
    public func callAsFunction(_ input: SymbolicTensor) -> SymbolicTensor {
        do { return try call(input) } catch { fatalError("\(error)") }
    }

    /// ``callAsFunction(_:)-(SymbolicTensor)`` that throws: an ``ArchitectureError`` naming the
    /// layer and the shape when the layer cannot take `input`.
    public func call(_ input: SymbolicTensor) throws -> SymbolicTensor {
        require(!(self is any MergeLayer), "\(typeName) '\(name)' merges several inputs: call it on an array of them")
        let shape: [Int]
        do {
            shape = try outputShape(forInputShape: input.shape)
        } catch let error as ArchitectureError {
            throw ArchitectureError(error.kind, "\(typeName) '\(name)' called on shape \(input.shape): \(error.description)")
        }
        return SymbolicTensor(node: GraphNodeRecord(layer: self, inputs: [input], outputShape: shape))
    }
}

extension MergeLayer {
    /// Records a call of this merge layer on `inputs` and returns its symbolic output.
    ///
    /// ```swift
    /// let sum = Add()([h1, h2])
    /// let both = Concatenate(axis: -1)([a, b])
    /// ```
    ///
    /// Inputs that cannot be merged are a programming error and stop with the message of
    /// ``outputShape(forInputShapes:)``; use ``call(_:)`` to get that error thrown.
    public func callAsFunction(_ inputs: [SymbolicTensor]) -> SymbolicTensor {
        do { return try call(inputs) } catch { fatalError("\(error)") }
    }

    /// ``callAsFunction(_:)-([SymbolicTensor])`` that throws an ``ArchitectureError`` naming
    /// the layer and the shapes when they cannot be merged.
    public func call(_ inputs: [SymbolicTensor]) throws -> SymbolicTensor {
        let shape = try outputShape(forInputShapes: inputs.map(\.shape))
        return SymbolicTensor(node: GraphNodeRecord(layer: self, inputs: inputs, outputShape: shape))
    }
}
