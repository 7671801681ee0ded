/// Rebuilds a functional model's graph from its model file, trusting nothing: every input's
/// shape, every layer and tensor a call names, every call's shapes (each layer's throwing shape
/// rule), and every weight the layers will make against the tensors the file really holds, all
/// before any weight exists.
struct GraphLoader {
    let graph: GraphConfiguration
    let layers: [any Layer]
    /// The tensors the file holds, to check each weight against; nil for a file whose weights
    /// are checked as they are read (a `.keras` file), where only the size limits are checked here.
    let tensors: [SafetensorsHeader.Entry]?
    let file: String
    /// The weights counted so far against ``SizeLimits/maximumParameters``.
    private var parameterCount = 0

    init(graph: GraphConfiguration, layers: [any Layer], tensors: [SafetensorsHeader.Entry]?, file: String) {
        self.graph = graph
        self.layers = layers
        self.tensors = tensors
        self.file = file
    }

    private func failure(_ why: String) -> ModelFileError {
        ModelFileError(.malformed, file: file, "\(file): the graph \(why)")
    }

    mutating func model(name: String, seed: UInt64?) throws -> Model {
        let layerByName = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var made: [String: [SymbolicTensor]] = [:]
        var inputs: [SymbolicTensor] = []
        for input in graph.inputs {
            let inputName = ErrorText.cut(input.name, limit: 60)
            guard made[input.name] == nil, layerByName[input.name] == nil else {
                throw failure("names '\(inputName)' twice")
            }
            guard !input.shape.isEmpty, input.shape.allSatisfy({ $0 > 0 }) else {
                throw failure(
                    "gives the input '\(inputName)' the shape \(ErrorText.cut("\(input.shape)", limit: 60)); sizes must be positive")
            }
            do {
                _ = try ArchitecturePlan.elementCount(input.shape, what: "the input '\(inputName)'")
            } catch let error as ArchitectureError {
                throw failure(error.description)
            }
            let tensor = Input(shape: input.shape, name: input.name)
            made[input.name] = [tensor]
            inputs.append(tensor)
        }
        func resolve(_ reference: GraphConfiguration.TensorReference) throws -> SymbolicTensor {
            guard let calls = made[reference.layer], reference.call >= 0, reference.call < calls.count else {
                throw failure("reads '\(ErrorText.cut(reference.layer, limit: 60))' call \(reference.call), which does not come before it")
            }
            return calls[reference.call]
        }
        for call in graph.calls {
            guard let layer = layerByName[call.layer] else {
                throw failure("calls '\(ErrorText.cut(call.layer, limit: 60))', which is not one of its layers")
            }
            let inbound = try call.inbound.map(resolve)
            let output: SymbolicTensor
            do {
                if let merge = layer as? any MergeLayer {
                    output = try merge.call(inbound)
                } else {
                    guard inbound.count == 1 else {
                        throw failure("calls \(layer.typeName) '\(layer.name)' on \(inbound.count) tensors; it takes one")
                    }
                    output = try layer.call(inbound[0])
                }
            } catch let error as ArchitectureError {
                throw failure("does not hold together: \(error.description)")
            }
            if made[call.layer] == nil { try checkWeights(of: layer, inputShape: inbound.first?.shape ?? []) }
            made[call.layer, default: []].append(output)
        }
        if let unused = layers.first(where: { made[$0.name] == nil }) {
            throw failure("never calls the layer '\(ErrorText.cut(unused.name, limit: 60))'")
        }
        let outputs = try graph.outputs.map(resolve)
        do {
            return Model(graph: try FunctionalGraph(inputs: inputs, outputs: outputs), name: name, seed: seed)
        } catch let error as ArchitectureError {
            throw failure("does not hold together: \(error.description)")
        }
    }

    /// Checks that the file holds every weight `layer` makes for inputs of `inputShape`, with
    /// its shape: a lying graph cannot make the model allocate more than the file backs.
    private mutating func checkWeights(of layer: any Layer, inputShape: [Int]) throws {
        guard !(layer is any MergeLayer) else { return }
        let parameters: [ParameterShape]
        do {
            parameters = try layer.parameterShapes(forInputShape: inputShape)
            for parameter in parameters {
                let count = try ArchitecturePlan.elementCount(parameter.shape, what: "the weight '\(layer.name).\(parameter.name)'")
                let (total, overflow) = parameterCount.addingReportingOverflow(count)
                guard !overflow, total <= SizeLimits.standard.maximumParameters else {
                    throw ArchitectureError(
                        .tooLarge, "the layers have more than the \(SizeLimits.standard.maximumParameters) weights a model may have")
                }
                parameterCount = total
            }
        } catch let error as ArchitectureError {
            throw failure("does not hold together: \(error.description)")
        }
        guard let tensors else { return }
        let shapes = Dictionary(tensors.map { ($0.name, $0.shape) }, uniquingKeysWith: { first, _ in first })
        for parameter in parameters {
            let name = "\(layer.name).\(parameter.name)"
            guard let shape = shapes[name] else {
                throw ModelFileError(.mismatch, file: file, "\(file): the tensor '\(name)' is missing")
            }
            guard shape == parameter.shape else {
                throw ModelFileError(
                    .mismatch, file: file, "\(file): the tensor '\(name)' has shape \(shape), but the model needs \(parameter.shape)")
            }
        }
    }
}
