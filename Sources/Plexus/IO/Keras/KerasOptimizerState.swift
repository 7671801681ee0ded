/// A compiled model's optimizer state in a Keras weight file, as Keras 3.15 keeps it
/// (`BaseOptimizer.save_own_variables`, the optimizer's `variables` in order) under
/// `optimizer/vars`: `0` the iteration count (int64), `1` the learning rate, then for each
/// trainable weight of the model in order (``Model/trainableParameters``, Keras's
/// `trainable_variables`) its slots in the order of ``Optimizer/slotNames`` — Adam and AdamW
/// `momentum`, `velocity` (Keras interleaves them per weight), SGD with momentum `momentum`,
/// RMSprop `velocity`. An optimizer that never stepped may keep only the first two.
enum KerasOptimizerState {
    static let group = "optimizer/vars"

    /// What the weight file keeps of `model`'s optimizer; nil when it has none Keras knows.
    struct Snapshot {
        var name: String
        var iteration: Int64
        var learningRate: Float
        /// The slots of every trainable weight, in order (zeros where the optimizer has none yet).
        var slots: [Tensor]

        init?(of model: Model) {
            guard let optimizer = model.optimizer, CompileConfiguration(of: model) != nil else { return nil }
            name = optimizer.name
            iteration = Int64(optimizer.step)
            learningRate = optimizer.learningRate
            slots = model.trainableParameters.flatMap { parameter in
                let state = optimizer.state(for: parameter)
                return state.isEmpty ? optimizer.slotNames.map { _ in Tensor.zeros(parameter.value.shape) } : state
            }
        }
    }

    /// Restores `model`'s optimizer (compiled from the file's compile settings) from the
    /// weight file `h5`: its step, learning rate and slots, so that training continues as in
    /// Keras. Every shape is checked before anything is set.
    ///
    /// - Throws: ``ModelFileError`` (`.mismatch`) when the file keeps a number of variables or
    ///   a shape this optimizer and model do not have.
    static func read(from h5: HDF5File, into model: Model, member: String, file: String) throws {
        guard let optimizer = model.optimizer, h5.exists(group) else { return }
        let trainable = model.trainableParameters
        let slotCount = optimizer.slotNames.count
        let expected = 2 + trainable.count * slotCount
        let found = try h5.memberNames(of: group, limit: expected + 16).count
        guard found == expected || found == 2 else {
            throw ModelFileError(
                .mismatch, file: file,
                "\(member): '\(group)' holds \(found) variables, but \(optimizer.name) of a model with \(trainable.count) trainable weights keeps \(expected) (the iteration, the learning rate, then \(slotCount == 0 ? "nothing" : optimizer.slotNames.joined(separator: " and ")) per weight)"
            )
        }
        func scalar(_ index: Int) throws -> Float {
            let path = "\(group)/\(index)"
            guard try h5.datasetShape(path).reduce(1, *) == 1 else {
                throw ModelFileError(.mismatch, file: file, "\(member): '\(path)' is not one number")
            }
            return try h5.readFloats(path, count: 1)[0]
        }
        let iteration = try scalar(0), learningRate = try scalar(1)
        guard iteration >= 0, iteration < 1e12, iteration == iteration.rounded() else {
            throw ModelFileError(
                .malformed, file: file, "\(member): the optimizer's iteration count \(iteration) is not a whole number of steps")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw ModelFileError(
                .malformed, file: file, "\(member): the optimizer's learning rate \(learningRate) is not a positive number")
        }
        var states: [[Tensor]] = []
        if found == expected {
            for (index, parameter) in trainable.enumerated() {
                var slots: [Tensor] = []
                for (offset, slot) in optimizer.slotNames.enumerated() {
                    let path = "\(group)/\(2 + index * slotCount + offset)"
                    let shape = parameter.value.shape
                    let stored = try h5.datasetShape(path)
                    guard stored == shape else {
                        throw ModelFileError(
                            .mismatch, file: file,
                            "\(member): '\(path)' (the \(slot) of trainable weight \(index + 1), '\(parameter.name)') has shape \(ErrorText.cut("\(stored)", limit: 60)), but the weight has shape \(shape)"
                        )
                    }
                    let values = try h5.readFloats(path, count: parameter.value.count)
                    if let position = values.firstIndex(where: { !$0.isFinite }) {
                        throw ModelFileError(
                            .malformed, file: file, "\(member): '\(path)' holds a non-finite value (at element \(position))")
                    }
                    slots.append(Tensor(shape: shape, scalars: values))
                }
                states.append(slots)
            }
        }
        // All checked: set.
        optimizer.step = Int(iteration)
        optimizer.learningRate = learningRate
        for (parameter, slots) in zip(trainable, states) { optimizer.setState(slots, for: parameter) }
    }

    /// Writes `snapshot` under ``group`` in `h5`.
    static func write(_ snapshot: Snapshot, to h5: HDF5File) throws {
        try h5.createGroup("optimizer")
        try h5.createGroup(group)
        try h5.setText(snapshot.name, attribute: "name", of: group)
        try h5.writeInt64("\(group)/0", snapshot.iteration)
        try h5.writeFloats("\(group)/1", shape: [], [snapshot.learningRate])
        for (index, slot) in snapshot.slots.enumerated() {
            try h5.writeFloats("\(group)/\(index + 2)", shape: slot.shape, slot.scalars)
        }
    }
}
