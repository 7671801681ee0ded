/// A Keras weight file (`model.weights.h5`): each layer's variables under
/// `layers/<group>/vars/0`, `1`, ... in Keras's `get_weights()` order, the group named after the
/// layer's class (``KerasNames/weightGroups(forClassNames:)``) and the `vars` group carrying the
/// layer's name as its attribute `name`; the model's own (empty) `vars` at the root; a compiled
/// model's optimizer under `optimizer/vars` (``KerasOptimizerState``).
enum KerasWeights {
    /// One layer's place in the weight file and the variables it has there.
    struct LayerWeights {
        var group: String
        var name: String
        var parameters: [Parameter]
    }

    /// Reads the weights of `layers` from the HDF5 file `image`, into their parameters. Every
    /// dataset's shape is checked against its parameter before anything is read, and a file
    /// with weights no layer takes is refused.
    ///
    /// - Throws: ``ModelFileError``: `.mismatch` for a missing, stray or wrongly shaped weight,
    ///   `.malformed` for a damaged HDF5 file, `.unsupported` when the HDF5 library is missing.
    static func read(_ image: [UInt8], into layers: [LayerWeights], optimizerOf model: Model? = nil, file: String) throws {
        let member = "\(file), \(KerasArchive.weightsMember)"
        do {
            try HDF5File.reading(image, name: member) { h5 in
                let expected = Set(layers.map { String($0.group.dropFirst("layers/".count)) })
                if h5.exists("layers"),
                    let stray = try h5.memberNames(of: "layers", limit: layers.count + 16).first(where: { !expected.contains($0) })
                {
                    throw ModelFileError(
                        .mismatch, file: file,
                        "\(member): holds weights under 'layers/\(ErrorText.cut(stray, limit: 60))', which no layer of the configuration has"
                    )
                }
                var reads: [(path: String, parameter: Parameter)] = []
                for layer in layers {
                    let vars = layer.group + "/vars"
                    let found = h5.exists(vars) ? try h5.memberNames(of: vars, limit: layer.parameters.count + 16) : []
                    let wanted = (0..<layer.parameters.count).map(String.init)
                    guard Set(found) == Set(wanted) else {
                        throw ModelFileError(
                            .mismatch, file: file,
                            "\(member): layer '\(ErrorText.cut(layer.name, limit: 60))' has \(layer.parameters.count) weights in Plexus, but '\(vars)' holds \(found.count)"
                        )
                    }
                    for (index, parameter) in layer.parameters.enumerated() {
                        let path = "\(vars)/\(index)"
                        let shape = try h5.datasetShape(path)
                        let wantedShape = parameter.value.shape
                        // Keras keeps a scalar as shape []; a one-element vector is the same value.
                        guard shape == wantedShape || (wantedShape.isEmpty && shape == [1]) else {
                            throw ModelFileError(
                                .mismatch, file: file,
                                "\(member): '\(path)' (\(parameter.name) of layer '\(ErrorText.cut(layer.name, limit: 60))') has shape \(ErrorText.cut("\(shape)", limit: 60)), but the configuration makes it \(wantedShape)"
                            )
                        }
                        reads.append((path, parameter))
                    }
                }
                // All checked: read.
                for (path, parameter) in reads {
                    let shape = parameter.value.shape
                    let values = try h5.readFloats(path, count: parameter.value.count)
                    if let position = values.firstIndex(where: { !$0.isFinite }) {
                        throw ModelFileError(
                            .malformed, file: file, "\(member): '\(path)' holds a non-finite value (at element \(position))")
                    }
                    parameter.value = Tensor(shape: shape, scalars: values)
                }
                if let model { try KerasOptimizerState.read(from: h5, into: model, member: member, file: file) }
            }
        } catch let error as HDF5Error {
            throw ModelFileError(
                HDF5Library.isAvailable ? .malformed : .unsupported, file: file,
                HDF5Library.isAvailable ? error.description : "\(file): cannot read the weights: \(error.description)")
        }
    }

    /// The bytes of a weight file holding `layers`, for the model named `modelName`.
    static func write(
        _ layers: [LayerWeights], optimizer: KerasOptimizerState.Snapshot?, modelName: String, file: String
    ) throws -> [UInt8] {
        do {
            return try HDF5File.writing(name: file) { h5 in
                try h5.createGroup("layers")
                for layer in layers {
                    try h5.createGroup(layer.group)
                    try h5.createGroup(layer.group + "/vars")
                    try h5.setText(layer.name, attribute: "name", of: layer.group + "/vars")
                    for (index, parameter) in layer.parameters.enumerated() {
                        let path = "\(layer.group)/vars/\(index)"
                        if parameter.name == "count", parameter.value.shape.isEmpty {
                            // Keras's Normalization counts in int64.
                            try h5.writeInt64(path, Int64(parameter.value.scalars[0]))
                        } else {
                            try h5.writeFloats(path, shape: parameter.value.shape, parameter.value.scalars)
                        }
                    }
                }
                if let optimizer { try KerasOptimizerState.write(optimizer, to: h5) }
                try h5.createGroup("vars")
                try h5.setText(modelName, attribute: "name", of: "vars")
            }
        } catch let error as HDF5Error {
            throw ModelFileError(.notSavable, file: file, "\(file): cannot write the weights: \(error.description)")
        }
    }
}
