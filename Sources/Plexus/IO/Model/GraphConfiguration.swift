/// How a functional model's layers are called, as its model file keeps it (beside the layers
/// themselves, in ``ModelArchive/Architecture``): the inputs, every call in the order it runs
/// with the tensors it reads, and the outputs. A tensor is named by the layer that made it and
/// which call of that layer (Keras's `[layer, node index]`).
///
/// ```json
/// {"inputs": [{"name": "input_layer", "shape": [64]}],
///  "calls": [{"layer": "dense", "inbound": [{"layer": "input_layer", "call": 0}]}, ...],
///  "outputs": [{"layer": "dense_2", "call": 0}]}
/// ```
struct GraphConfiguration: Codable, Equatable {
    struct Input: Codable, Equatable {
        var name: String
        var shape: [Int]
    }

    /// The output of one call: of layer `layer`'s call number `call` (from 0).
    struct TensorReference: Codable, Equatable {
        var layer: String
        var call: Int
    }

    struct Call: Codable, Equatable {
        var layer: String
        var inbound: [TensorReference]
    }

    var inputs: [Input]
    var calls: [Call]
    var outputs: [TensorReference]

    init(inputs: [Input], calls: [Call], outputs: [TensorReference]) {
        self.inputs = inputs
        self.calls = calls
        self.outputs = outputs
    }

    /// The description of `graph`.
    init(_ graph: FunctionalGraph) {
        func reference(_ slot: Int) -> TensorReference {
            TensorReference(layer: graph.slotSources[slot].layer.name, call: graph.slotSources[slot].callIndex)
        }
        inputs = graph.inputLayers.map { Input(name: $0.name, shape: $0.shape) }
        calls = graph.steps.map { Call(layer: $0.layer.name, inbound: $0.inputSlots.map(reference)) }
        outputs = graph.outputSlots.map(reference)
    }
}
