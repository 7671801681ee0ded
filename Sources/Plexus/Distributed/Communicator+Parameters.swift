// Gradients and weights travel between ranks as one flat Float buffer: one collective call
// per step, whatever the number of parameters.

extension Communicator {
    /// Sums each rank's gradients, each multiplied by `weight`, in one all-reduce, and returns
    /// the sum (the same on every rank). With `weight` = this rank's rows / the global batch's
    /// rows, the result is the gradient of the mean loss over the whole global batch, as one
    /// process would compute it, also when the ranks' shares differ in size.
    ///
    /// ```swift
    /// let (loss, local) = valueWithGradient(for: model.trainableParameters) { ... }
    /// let gradients = world.allReduce(local, of: model.trainableParameters, weight: Float(mine) / Float(global))
    /// optimizer.update(model.trainableParameters, with: gradients)
    /// ```
    ///
    /// A parameter has a gradient in the result when it had one on some rank. Every rank must
    /// pass the same parameters, in the same order and of the same shapes.
    /// - Parameters:
    ///   - gradients: this rank's gradients of its share of the batch.
    ///   - parameters: the parameters the gradients are for.
    ///   - weight: this rank's share of the global batch's rows (its gradient is of its own mean
    ///     loss, so the weighted sum is the global batch's mean-loss gradient).
    ///   - sparse: parameters read by index (an ``Embedding``'s table): their per-read squared
    ///     gradients (which Adam and RMSprop use) are summed as well.
    /// - Returns: the global batch's gradients, the same on every rank.
    public func allReduce(_ gradients: Gradients, of parameters: [Parameter], weight: Float, sparse: [Parameter] = []) -> Gradients {
        guard size > 1 else { return gradients }
        let sparseIDs = Set(sparse.map(ObjectIdentifier.init))
        // Per parameter: a presence flag, the weighted gradient, and for a sparse parameter a
        // presence flag and its per-read squares times weight² (each read's gradient scales by weight).
        var buffer: [Float] = []
        buffer.reserveCapacity(parameters.reduce(parameters.count) { $0 + $1.value.count })
        for parameter in parameters {
            append(gradients[parameter], count: parameter.value.count, scaledBy: weight, to: &buffer)
            if sparseIDs.contains(ObjectIdentifier(parameter)) {
                append(parameter.occurrenceSquares, count: parameter.value.count, scaledBy: weight * weight, to: &buffer)
            }
        }
        allReduceSum(&buffer)
        var summed = Gradients()
        var offset = 0
        for parameter in parameters {
            summed[parameter] = take(from: buffer, at: &offset, shape: parameter.value.shape)
            if sparseIDs.contains(ObjectIdentifier(parameter)) {
                parameter.occurrenceSquares = take(from: buffer, at: &offset, shape: parameter.value.shape)
            }
        }
        return summed
    }

    /// Gives every rank rank `root`'s values of `parameters` (for example the initial weights,
    /// so that ranks start equal however each built its model).
    public func broadcastValues(of parameters: [Parameter], from root: Int = 0) {
        guard size > 1 else { return }
        var buffer = parameters.flatMap(\.value.scalars)
        broadcast(&buffer, from: root)
        var offset = 0
        for parameter in parameters {
            parameter.value = Tensor(shape: parameter.value.shape, scalars: Array(buffer[offset..<(offset + parameter.value.count)]))
            offset += parameter.value.count
        }
    }

    /// Replaces `parameters`' values on every rank by their mean over the ranks (for state
    /// that each rank updates from its own samples, such as BatchNormalization's moving
    /// statistics).
    public func averageValues(of parameters: [Parameter]) {
        guard size > 1 else { return }
        var buffer = parameters.flatMap(\.value.scalars)
        allReduceSum(&buffer)
        let scale = 1 / Float(size)
        var offset = 0
        for parameter in parameters {
            let mean = buffer[offset..<(offset + parameter.value.count)].map { $0 * scale }
            parameter.value = Tensor(shape: parameter.value.shape, scalars: mean)
            offset += parameter.value.count
        }
    }

    private func append(_ tensor: Tensor?, count: Int, scaledBy scale: Float, to buffer: inout [Float]) {
        guard let tensor else {
            buffer.append(contentsOf: repeatElement(0, count: count + 1))
            return
        }
        buffer.append(1)
        tensor.withUnsafeBufferPointer { elements in
            for value in elements { buffer.append(value * scale) }
        }
    }

    private func take(from buffer: [Float], at offset: inout Int, shape: [Int]) -> Tensor? {
        let count = shape.reduce(1, *)
        defer { offset += count + 1 }
        guard buffer[offset] > 0 else { return nil }
        return Tensor(shape: shape, scalars: Array(buffer[(offset + 1)..<(offset + 1 + count)]))
    }
}
