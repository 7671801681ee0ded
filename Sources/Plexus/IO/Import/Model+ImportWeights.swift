extension Model {
    /// Sets the model's weights from a safetensors or NPZ file written by Keras, PyTorch or
    /// NumPy, to start training (or predicting) from them.
    ///
    /// ```swift
    /// let model = Sequential(inputShape: [64]) { Dense(25, activation: .relu); Dense(10) }
    /// try model.importWeights(from: "torch_weights.safetensors", layout: .pytorch)
    /// ```
    ///
    /// By order, the weights are taken in Keras's `get_weights()` order (``Model/parameters``),
    /// for a functional model as much as for a ``Sequential``, so `np.savez(path,
    /// *model.get_weights())` of the same Keras model fits.
    ///
    /// The model must be built (a ``Sequential`` needs its `inputShape`), so that its weight shapes are known. Every
    /// tensor is checked before any weight changes: a count or shape that does not fit is an
    /// error naming the tensor, the weight and both shapes. PyTorch's `*.num_batches_tracked`, and tensors named `optimizer.*` and
    /// `preprocessing.*` (a saved Plexus model's) are not weights and are skipped.
    ///
    /// Exporting weights from the other frameworks takes a few lines of Python:
    ///
    /// ```python
    /// # PyTorch: a state_dict as safetensors (or np.savez), then layout: .pytorch
    /// from safetensors.torch import save_file
    /// save_file({k: v.contiguous() for k, v in net.state_dict().items()}, "torch_weights.safetensors")
    ///
    /// # Keras: kernels and biases in layer order as NPZ, then layout: .keras
    /// import numpy as np
    /// np.savez("keras_weights.npz", *model.get_weights())
    ///
    /// # NumPy by name, matching the Plexus model's layer names:
    /// np.savez("weights.npz", **{"dense.kernel": w1, "dense.bias": b1, "dense_1.kernel": w2, "dense_1.bias": b2})
    /// ```
    ///
    /// - Parameters:
    ///   - path: a `.safetensors` or `.npz` file.
    ///   - layout: how the file lays out kernels (see ``WeightLayout``).
    ///   - mapping: match tensors by order or by name (see ``WeightMapping``).
    /// - Throws: ``ModelFileError`` (kind `.mismatch`) when the tensors do not fit the model,
    ///   or the errors of reading the file.
    public func importWeights(from path: String, layout: WeightLayout = .keras, mapping: WeightMapping = .byOrder) throws {
        let targets = try importTargets(file: path)
        // Names, count and shapes come from the headers and are all checked before any
        // tensor's data is read.
        let file = try WeightFile(path)
        let items = file.items
        let pairs: [(target: ImportTarget, item: WeightFile.Item)]
        switch mapping {
        case .byOrder:
            guard items.count == targets.count else {
                throw ModelFileError(
                    .mismatch, file: path,
                    "\(path): the file holds \(items.count) tensors (\(Model.list(items.map(\.name)))), but the model has \(targets.count) weights (\(Model.list(targets.map(\.name))))"
                )
            }
            pairs = Array(zip(targets, items))
        case .byName:
            var byName = Dictionary(items.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            pairs = try targets.map { target in
                let candidates = target.candidateNames(layout: layout)
                guard let found = candidates.first(where: { byName[$0] != nil }) else {
                    throw ModelFileError(
                        .mismatch, file: path,
                        "\(path): no tensor '\(ErrorText.cut(candidates[0]))' for the model's weight '\(target.name)'; the file holds \(Model.list(items.map(\.name)))"
                    )
                }
                return (target, byName.removeValue(forKey: found)!)
            }
            if let stray = byName.keys.sorted().first {
                throw ModelFileError(.mismatch, file: path, "\(path): the tensor '\(ErrorText.cut(stray))' matches no weight of the model")
            }
        }
        for pair in pairs { try pair.target.checkShape(pair.item.shape, named: pair.item.name, layout: layout, file: path) }
        let values = try pairs.map { pair in
            try pair.target.converted(try pair.item.load(), named: pair.item.name, layout: layout, file: path)
        }
        for (pair, value) in zip(pairs, values) { pair.target.parameter.value = value }
    }

    /// The import targets of `layer`'s weights; `flattenedImage` is the image shape when the
    /// layer reads a flattened image (PyTorch flattens it in another order).
    static func importTargets(of layer: any Layer, flattenedImage: [Int]?) -> [ImportTarget] {
        layer.parameters.map { parameter in
            let form = (layer as? any PyTorchWeightNaming)?.pytorchWeight(for: parameter.name) ?? .same(parameter.name)
            return ImportTarget(
                name: "\(layer.name).\(parameter.name)", layerName: layer.name, parameter: parameter, pytorch: form,
                flattenedImage: form == .linearWeight ? flattenedImage : nil)
        }
    }

    /// Whether a layer from `input` to `output` only flattens an image (`[h, w, c]` to `[h*w*c]`).
    static func flattensImage(from input: [Int], to output: [Int]) -> Bool {
        input.count == 3 && output.count == 1 && output[0] == input.reduce(1, *)
    }

    static func list(_ names: [String]) -> String {
        let shown = names.prefix(8).map { ErrorText.cut($0) }.joined(separator: ", ")
        return names.count <= 8 ? shown : shown + ", ..."
    }
}

/// One weight of the model to import into.
struct ImportTarget {
    let name: String
    let layerName: String
    let parameter: Parameter
    /// PyTorch's name and layout for it.
    let pytorch: PyTorchWeight
    /// For a Dense kernel fed by a Flatten of images: the image shape `[h, w, c]`.
    let flattenedImage: [Int]?

    func candidateNames(layout: WeightLayout) -> [String] {
        let pytorchName = "\(layerName).\(pytorch.name)"
        return layout == .pytorch && pytorchName != name ? [pytorchName, name] : [name]
    }

    /// The shape the file must hold in `layout`.
    func fileShape(layout: WeightLayout) -> [Int] {
        let shape = parameter.value.shape
        guard layout == .pytorch else { return shape }
        switch pytorch {
        case .linearWeight where shape.count == 2: return [shape[1], shape[0]]
        case .convolutionWeight where shape.count == 4: return [shape[3], shape[2], shape[0], shape[1]]
        default: return shape
        }
    }

    /// Throws unless a tensor of `shape` in the file fits this weight in `layout`.
    func checkShape(_ shape: [Int], named tensorName: String, layout: WeightLayout, file: String) throws {
        let expected = fileShape(layout: layout)
        guard shape == expected else {
            let layoutName = layout == .pytorch ? "PyTorch" : "Keras"
            throw ModelFileError(
                .mismatch, file: file,
                "\(file): the tensor '\(ErrorText.cut(tensorName))' has shape \(ErrorText.cut("\(shape)")), but the model's weight '\(name)' of shape \(parameter.value.shape) needs \(expected) in \(layoutName) layout"
            )
        }
    }

    /// The tensor in Plexus's layout, after checking its shape.
    func converted(_ tensor: Tensor, named tensorName: String, layout: WeightLayout, file: String) throws -> Tensor {
        try checkShape(tensor.shape, named: tensorName, layout: layout, file: file)
        guard layout == .pytorch else { return tensor }
        switch (pytorch, tensor.rank) {
        case (.linearWeight, 2):
            guard let image = flattenedImage else { return tensor.transposed() }
            // PyTorch flattened (c, h, w); Plexus flattens (h, w, c).
            let (h, w, c) = (image[0], image[1], image[2])
            let outputs = tensor.shape[0]
            return tensor.reshaped([outputs, c, h, w]).permuted([2, 3, 1, 0]).reshaped([h * w * c, outputs])
        case (.convolutionWeight, 4):
            return tensor.permuted([2, 3, 1, 0])
        default:
            return tensor
        }
    }
}
