// The checks `fit`, `evaluate` and `predict` make before any work, so that a mistake in the
// data is a thrown error naming the shapes, not a crash deep inside a layer.

extension Model {
    /// Checks that `x` holds one batch of finite samples per input, all of one batch size,
    /// that the model can take.
    func checkInputs(_ x: [Tensor], role: String = "x") throws {
        guard x.count == inputCount else {
            throw TrainingError(
                .shapeMismatch,
                "model '\(name)' takes \(inputCount) input\(inputCount == 1 ? "" : "s"), got \(x.count) tensor\(x.count == 1 ? "" : "s") for \(role)"
            )
        }
        for (index, input) in x.enumerated() {
            try checkFeatures(input, role: x.count == 1 ? role : "\(role)[\(index)]", inputShape: inputShape(at: index))
            if index > 0, input.shape[0] != x[0].shape[0] {
                throw TrainingError(
                    .shapeMismatch,
                    "the inputs must have the same number of rows: \(role)[0] has shape \(x[0].shape), \(role)[\(index)] has shape \(input.shape)"
                )
            }
        }
        try checkLayerInputs(x, role: role)
    }

    /// The checks made before any work on `x` and `y`: finite samples of the model's shapes,
    /// the model's scalings, the layers against the samples and batches of `batchSize` (their
    /// activation memory in training, or in inference when `training` is false: `evaluate`
    /// keeps no gradients), labels that fit each output. Builds the model from its seed if needed.
    func checkData(
        _ x: [Tensor], _ y: [Tensor], batchSize: Int, role: (x: String, y: String) = ("x", "y"), training: Bool = true
    ) throws {
        try checkInputs(x, role: role.x)
        guard y.count == outputCount else {
            throw TrainingError(
                .shapeMismatch,
                "model '\(name)' has \(outputCount) output\(outputCount == 1 ? "" : "s"), got \(y.count) label tensor\(y.count == 1 ? "" : "s") for \(role.y)"
            )
        }
        try checkPreprocessing(x: x, y: y)
        try prepareArchitecture(for: x, batchSize: batchSize, training: training)
        for (index, labels) in y.enumerated() {
            try checkLabels(
                labels, for: x[0], loss: outputLosses[index], output: outputShapes[index],
                role: y.count == 1 ? role.y : "\(role.y)[\(index)]")
        }
    }

    /// Checks that `x` is a batch of finite samples of `inputShape` (when known).
    func checkFeatures(_ x: Tensor, role: String, inputShape: [Int]?) throws {
        guard x.rank >= 2 else {
            throw TrainingError(.shapeMismatch, "\(role) must have a batch axis and a feature axis, got shape \(x.shape)")
        }
        guard x.shape[0] > 0 else {
            throw TrainingError(.emptyData, "\(role) has no samples (shape \(x.shape))")
        }
        // Compared in place: an array made for the comparison cost a single-sample predict more
        // than the check itself.
        if let inputShape, !x.shape.dropFirst().elementsEqual(inputShape) {
            let sample = Array(x.shape.dropFirst())
            throw TrainingError(
                .shapeMismatch,
                "model '\(name)' takes samples of shape \(inputShape), but \(role) has samples of shape \(sample) (shape \(x.shape))")
        }
        if let position = Model.firstNonFinite(x) {
            throw TrainingError(
                .nonFiniteValue,
                "\(role) has a non-finite value (\(x.withUnsafeBufferPointer { $0[position] })) in sample \(position / Swift.max(x.count / x.shape[0], 1)); clean or impute the data first"
            )
        }
    }
}

extension Sequential {
    /// The first layer's own check of the samples (an Embedding's indices, say). A layer that
    /// takes indices anywhere else, or behind the model's input scaling, would get values that
    /// are not indices, so that is refused too.
    func checkFirstLayerInput(_ x: Tensor, role: String) throws {
        // A closure, not a key path, whose application costs more than the check itself.
        let layers = self.layers
        if let later = layers.dropFirst().first(where: { $0.takesIndices }) {
            throw TrainingError(
                .invalidArgument,
                "\(later.typeName) '\(later.name)' takes whole-number indices, so it must be the first layer of model '\(name)'")
        }
        guard let first = layers.first else { return }
        if first.takesIndices, inputNormalization != nil {
            throw TrainingError(
                .invalidArgument,
                "model '\(name)' scales its inputs (inputNormalization), but its first layer, \(first.typeName) '\(first.name)', takes whole-number indices; leave the inputs unscaled"
            )
        }
        do {
            try first.checkInput(x)
        } catch let error as TrainingError {
            throw TrainingError(error.kind, "\(role): \(error.description)")
        }
    }
}

extension Model {
    /// Checks that labels `y` fit the samples `x` and the output of sample shape `output`.
    func checkLabels(_ y: Tensor, for x: Tensor, loss: any Loss, output: [Int]?, role: String) throws {
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw TrainingError(
                .shapeMismatch,
                "x and \(role) must have the same number of rows: x has shape \(x.shape), \(role) has shape \(y.shape)")
        }
        if let position = Model.firstNonFinite(y) {
            throw TrainingError(.nonFiniteValue, "\(role) has a non-finite value in row \(position / Swift.max(y.count / y.shape[0], 1))")
        }
        guard let output else { return }
        let rows = x.shape[0]
        let outputWidth = output.reduce(1, *)
        if loss is SparseCategoricalCrossentropy {
            guard output.count == 1 else {
                throw TrainingError(
                    .shapeMismatch,
                    "sparse categorical cross-entropy needs one row of class scores per sample, but the model outputs samples of shape \(output); add a Flatten (or global pooling) before the last Dense layer"
                )
            }
            let labelWidth = y.count / rows
            guard labelWidth == 1 else {
                throw TrainingError(
                    .shapeMismatch,
                    "sparse categorical cross-entropy takes one class index per row, shape [\(rows)] or [\(rows), 1]; got \(role) of shape \(y.shape)"
                )
            }
            let classes = output.last ?? 1
            let bad = y.withUnsafeBufferPointer { labels in
                labels.firstIndex { $0 < 0 || $0 >= Float(classes) || $0 != $0.rounded() }
            }
            if let bad {
                let label = y.withUnsafeBufferPointer { $0[bad] }
                throw TrainingError(
                    .labelOutOfRange,
                    "label \(label) in row \(bad) is not one of the \(classes) classes 0..<\(classes) the model outputs")
            }
        } else if y.count != rows * outputWidth || (output.count > 1 && Array(y.shape.dropFirst()) != output) {
            throw TrainingError(
                .shapeMismatch,
                "the model outputs shape \([rows] + output) for \(rows) rows, but \(role) has shape \(y.shape)")
        }
    }

    static func firstNonFinite(_ t: Tensor) -> Int? {
        t.withUnsafeBufferPointer { values in
            // x * 0 is 0 for every finite x and NaN otherwise, so one sum of those products,
            // eight lanes at a time, says whether to look at all; the scalar search that finds
            // the position runs only on bad data. Four sums, so that the additions do not wait
            // on each other (a single sample's check took a tenth of its prediction).
            guard let base = values.baseAddress else { return nil }
            var probes = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
            var index = 0
            func lanes(_ offset: Int) -> SIMD8<Float> {
                UnsafeRawPointer(base + offset).loadUnaligned(as: SIMD8<Float>.self) * 0
            }
            while index + 32 <= values.count {
                probes.0 += lanes(index)
                probes.1 += lanes(index + 8)
                probes.2 += lanes(index + 16)
                probes.3 += lanes(index + 24)
                index += 32
            }
            var probe = (probes.0 + probes.1) + (probes.2 + probes.3)
            while index + 8 <= values.count {
                probe += lanes(index)
                index += 8
            }
            while index < values.count {
                probe[0] += base[index] * 0
                index += 1
            }
            guard !probe.sum().isFinite else { return nil }
            return values.firstIndex { !$0.isFinite }
        }
    }
}
