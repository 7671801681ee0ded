/// The layer calls of a functional ``Model``, put in the order they run, with each value's
/// last use worked out once, so that a forward pass frees each activation as soon as nothing
/// needs it.
///
/// Values live in numbered slots: the model's inputs first, then each call's output. A call
/// reads its input slots and fills its output slot; after it, the slots it read for the last
/// time are freed (a model output is never freed).
struct FunctionalGraph {
    /// One layer call.
    struct Step {
        let layer: any Layer
        /// The layer as a merge layer, when it is one (found once, not at every batch).
        let merge: (any MergeLayer)?
        let inputSlots: [Int]
        let outputSlot: Int
        /// The slots read for the last time by this step.
        let freedAfter: [Int]
        /// Which call of its layer this is (0 for the first), as Keras numbers a layer's nodes.
        let callIndex: Int
        /// The sample shape of each input and of the output.
        let inputShapes: [[Int]]
        let outputShape: [Int]
    }

    /// The model's inputs, in order.
    let inputLayers: [InputLayer]
    let steps: [Step]
    /// The slot of each output.
    let outputSlots: [Int]
    /// The number of slots.
    let slotCount: Int
    /// For each slot, the layer and call that fill it ("dense[0][0]" in Keras's summary).
    let slotSources: [(layer: any Layer, callIndex: Int)]

    /// The graph of the calls from `inputs` to `outputs`.
    ///
    /// - Throws: ``ArchitectureError`` when an output needs an input that is not among
    ///   `inputs`, or an input is given twice.
    init(inputs: [SymbolicTensor], outputs: [SymbolicTensor]) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw ArchitectureError(.shapeMismatch, "a model needs at least one input and one output")
        }
        var slotOf: [ObjectIdentifier: Int] = [:]
        var inputLayers: [InputLayer] = []
        var sources: [(layer: any Layer, callIndex: Int)] = []
        for input in inputs {
            guard input.node.isInput, let layer = input.node.layer as? InputLayer else {
                throw ArchitectureError(
                    .shapeMismatch, "the inputs of a model must be made by Input(shape:); '\(input.node.layer.name)' is a layer's output")
            }
            guard slotOf[ObjectIdentifier(input.node)] == nil else {
                throw ArchitectureError(.shapeMismatch, "the input '\(layer.name)' is given twice")
            }
            slotOf[ObjectIdentifier(input.node)] = inputLayers.count
            inputLayers.append(layer)
            sources.append((layer, 0))
        }
        // Every call the outputs depend on, found by walking back from them.
        var needed: [ObjectIdentifier: GraphNodeRecord] = [:]
        var stack = outputs.map(\.node)
        while let node = stack.popLast() {
            guard needed[ObjectIdentifier(node)] == nil else { continue }
            needed[ObjectIdentifier(node)] = node
            if node.isInput {
                guard slotOf[ObjectIdentifier(node)] != nil else {
                    throw ArchitectureError(
                        .shapeMismatch,
                        "the outputs need the input '\(node.layer.name)', which is not among the model's inputs (\(inputLayers.map(\.name).joined(separator: ", ")))"
                    )
                }
                continue
            }
            stack.append(contentsOf: node.inputs.map(\.node))
        }
        // Creation order is a topological order: a call comes after the calls of its inputs.
        let calls = needed.values.filter { !$0.isInput }.sorted { $0.order < $1.order }
        var callCounts: [ObjectIdentifier: Int] = [:]
        var lastReader: [Int: Int] = [:]
        var pending: [(node: GraphNodeRecord, inputSlots: [Int], callIndex: Int)] = []
        for (index, node) in calls.enumerated() {
            let inputSlots = node.inputs.map { slotOf[ObjectIdentifier($0.node)]! }
            for slot in inputSlots { lastReader[slot] = index }
            let callIndex = callCounts[ObjectIdentifier(node.layer), default: 0]
            callCounts[ObjectIdentifier(node.layer)] = callIndex + 1
            slotOf[ObjectIdentifier(node)] = sources.count
            sources.append((node.layer, callIndex))
            pending.append((node, inputSlots, callIndex))
        }
        try FunctionalGraph.checkSharedWeights(pending.map(\.node))
        let outputSlots = outputs.map { slotOf[ObjectIdentifier($0.node)]! }
        let kept = Set(outputSlots)
        var freed = [[Int]](repeating: [], count: calls.count)
        for (slot, reader) in lastReader where !kept.contains(slot) { freed[reader].append(slot) }
        self.steps = pending.enumerated().map { index, call in
            Step(
                layer: call.node.layer, merge: call.node.layer as? any MergeLayer, inputSlots: call.inputSlots,
                outputSlot: inputs.count + index, freedAfter: freed[index].sorted(), callIndex: call.callIndex,
                inputShapes: call.node.inputs.map(\.shape),
                outputShape: call.node.outputShape)
        }
        self.inputLayers = inputLayers
        self.outputSlots = outputSlots
        self.slotCount = sources.count
        self.slotSources = sources
        self.orderedLayers = KerasLayerOrder(outputs: outputs.map(\.node)).layers
        Model.assignUniqueNames(orderedLayers)
    }

    /// Checks that every call of a layer fits the weights it has or will make at its first call:
    /// a shared Dense layer called on rows of another width would have no kernel for them.
    private static func checkSharedWeights(_ calls: [GraphNodeRecord]) throws {
        var firstShapes: [ObjectIdentifier: [[Int]]] = [:]
        for call in calls where !(call.layer is any MergeLayer) {
            let layer = call.layer
            let wanted = try layer.parameterShapes(forInputShape: call.inputs[0].shape).map(\.shape)
            let existing =
                firstShapes[ObjectIdentifier(layer)]
                ?? (layer.isBuilt && !layer.parameters.isEmpty ? layer.parameters.map(\.value.shape) : nil)
            if let existing, !wanted.isEmpty, existing != wanted {
                throw ArchitectureError(
                    .shapeMismatch,
                    "\(layer.typeName) '\(layer.name)' is called on shape \(call.inputs[0].shape), but its weights have shapes \(existing) (a layer called twice shares its weights, so it needs inputs of one shape)"
                )
            }
            firstShapes[ObjectIdentifier(layer)] = existing ?? wanted
        }
    }

    /// Every layer of the graph, inputs included, each once, in Keras's order (see ``KerasLayerOrder``).
    let orderedLayers: [any Layer]

    /// The layers called (not the inputs), in Keras's order: the order of the model's weights.
    var layers: [any Layer] { orderedLayers.filter { !($0 is InputLayer) } }

    var inputShapes: [[Int]?] { inputLayers.map(\.shape) }

    var outputShapes: [[Int]?] { outputSlots.map { shape(ofSlot: $0) } }

    /// The layer that makes each output.
    var outputLayers: [any Layer] { outputSlots.map { slotSources[$0].layer } }

    var outputNames: [String] { outputLayers.map(\.name) }

    /// The values one sample produces on its way through the graph (every call's output),
    /// `Int.max` when that overflows: what training's activation memory is estimated from.
    var activationsPerSample: Int {
        var total = 0
        for step in steps {
            var count = 1
            for size in step.outputShape {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { return .max }
                count = product
            }
            let (sum, overflow) = total.addingReportingOverflow(count)
            guard !overflow else { return .max }
            total = sum
        }
        return total
    }

    /// The image `layer` reads flattened at its first call, looking back through the calls that
    /// keep the shape without weights (Dropout, activations), or nil: importing PyTorch weights
    /// needs it, since PyTorch flattens images in another order.
    func flattenedImage(readBy layer: any Layer) -> [Int]? {
        guard let call = steps.first(where: { $0.layer === layer && $0.merge == nil }) else { return nil }
        var slot = call.inputSlots[0]
        while slot >= inputLayers.count {
            let producer = steps[slot - inputLayers.count]
            guard producer.merge == nil, producer.layer.parameters.isEmpty else { return nil }
            if Model.flattensImage(from: producer.inputShapes[0], to: producer.outputShape) { return producer.inputShapes[0] }
            guard producer.outputShape == producer.inputShapes[0] else { return nil }
            slot = producer.inputSlots[0]
        }
        return nil
    }

    /// The sample shape of the value in `slot`.
    func shape(ofSlot slot: Int) -> [Int] {
        slot < inputLayers.count ? inputLayers[slot].shape : steps[slot - inputLayers.count].outputShape
    }

    /// Builds every layer for its first call's input shape, drawing initial weights from
    /// `generator` in the order of ``layers``.
    func build(generator: inout RandomGenerator) {
        let firstCalls = Dictionary(
            steps.filter { $0.callIndex == 0 }.map { (ObjectIdentifier($0.layer), $0) }, uniquingKeysWith: { first, _ in first })
        for layer in layers {
            guard let step = firstCalls[ObjectIdentifier(layer)], step.merge == nil else { continue }
            layer.build(inputShape: step.inputShapes[0], generator: &generator)
        }
    }

    /// One forward pass: each call in order, each activation freed after its last reader.
    func run(_ inputs: [Tensor], training: Bool) -> [Tensor] {
        require(inputs.count == inputLayers.count, "the model takes \(inputLayers.count) inputs, got \(inputs.count)")
        var values = [Tensor?](repeating: nil, count: slotCount)
        for (slot, input) in inputs.enumerated() { values[slot] = input }
        for step in steps {
            let output: Tensor
            if let merge = step.merge {
                output = merge.forward(step.inputSlots.map { values[$0]! }, training: training)
            } else {
                output = step.layer.forward(values[step.inputSlots[0]]!, training: training)
            }
            values[step.outputSlot] = output
            for slot in step.freedAfter { values[slot] = nil }
        }
        return outputSlots.map { values[$0]! }
    }

    /// The layers' own checks of the samples they read straight from an input (an Embedding's
    /// indices); a layer that takes indices from anything else, or from scaled inputs, is refused.
    func checkLayerInputs(_ inputs: [Tensor], role: String, scaled: Bool, model: String) throws {
        for step in steps where step.layer.takesIndices {
            guard step.merge == nil, step.inputSlots[0] < inputLayers.count else {
                throw TrainingError(
                    .invalidArgument,
                    "\(step.layer.typeName) '\(step.layer.name)' takes whole-number indices, so it must read one of the inputs of model '\(model)'"
                )
            }
            if scaled {
                throw TrainingError(
                    .invalidArgument,
                    "model '\(model)' scales its inputs (inputNormalization), but \(step.layer.typeName) '\(step.layer.name)' takes whole-number indices; leave the inputs unscaled"
                )
            }
        }
        for step in steps where step.merge == nil && step.inputSlots[0] < inputLayers.count {
            let slot = step.inputSlots[0]
            let where_ = inputs.count == 1 ? role : "\(role)[\(slot)]"
            do {
                try step.layer.checkInput(inputs[slot])
            } catch let error as TrainingError {
                throw TrainingError(error.kind, "\(where_): \(error.description)")
            }
        }
    }
}
