extension Sequential {
    /// The most rows the direct path takes: it exists for single samples, where the tensors
    /// between layers cost more than the arithmetic; a batch spreads that cost over its rows.
    static let directInferenceRows = 16

    /// `predict` of a few rows through a chain of Dense layers, without the general path's
    /// lists, copies and per-call checks of things a built chain of Dense layers cannot get
    /// wrong (indices, layer input checks). What the samples can get wrong is checked here,
    /// each as a guard: the general path then throws the error it would have thrown anyway.
    func denseChainPrediction(_ x: Tensor, batchSize: Int) -> Tensor? {
        guard batchSize > 0, x.rank == 2, x.shape[0] > 0, x.shape[0] <= batchSize, !x.isTracked, isBuilt,
            let inputShape, inputShape.count == 1, x.shape[1] == inputShape[0],
            inputNormalization == nil, outputNormalization == nil,
            // The activation check of a batch this size was made once already.
            x.shape[0] <= checkedActivationBatch.covering(training: false),
            Model.firstNonFinite(x) == nil
        else { return nil }
        return withSubnormalsFlushed { denseChainInference(x) }
    }

    /// The output of a model made only of Dense layers, for a few rows, when nothing records
    /// gradients: each layer writes its rows straight into the next one's input, on the stack,
    /// and only the result is a tensor. It has the bits of the layer-by-layer pass (each layer
    /// makes the same product call and the same bias and activation pass), at a third of the
    /// cost for one sample (predict of the course's 784-25-15-10 network, measured).
    ///
    /// - Returns: nil when the model is not such a chain, the input does not fit it, or asks
    ///   for more than ``directInferenceRows`` rows; the caller then goes layer by layer.
    func denseChainInference(_ x: Tensor) -> Tensor? {
        // Read once: each read of a class's stored property is an exclusivity check.
        let layers = self.layers
        guard x.rank == 2, !x.isTracked, x.shape[0] > 0, x.shape[0] <= Sequential.directInferenceRows,
            !layers.isEmpty
        else { return nil }
        let rows = x.shape[0]
        let configuration = ComputeConfiguration.current
        // The layers are held (by `layers`) for the whole pass, so their steps' pointers stay valid.
        return withExtendedLifetime(layers) {
            withUnsafeTemporaryAllocation(of: Dense.InferenceStep.self, capacity: layers.count) { steps in
                var width = x.shape[1], widest = 0
                for (index, layer) in layers.enumerated() {
                    guard let dense = layer as? Dense, let step = dense.inferenceStep(width: width) else {
                        steps.baseAddress!.deinitialize(count: index)
                        return nil
                    }
                    (steps.baseAddress! + index).initialize(to: step)
                    width = step.units
                    widest = Swift.max(widest, width)
                }
                defer { steps.baseAddress!.deinitialize(count: layers.count) }
                let output = Tensor(uninitializedShape: [rows, width])
                // Two buffers in turn for the layers between the first and the last.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * rows * widest) { scratch in
                    x.withUnsafeBufferPointer { input in
                        var source = input.baseAddress!
                        for index in 0..<steps.count {
                            let target =
                                index == steps.count - 1
                                ? output.storage.base : scratch.baseAddress! + (index % 2) * rows * widest
                            steps[index].inferRows(source, rows: rows, into: target, configuration: configuration)
                            source = UnsafePointer(target)
                        }
                    }
                }
                return output
            }
        }
    }
}
