/// The order in which Keras lists a functional model's layers (`model.layers`), and so its
/// weights (`get_weights()`): by depth, the layers farthest from the outputs first; layers of
/// one depth in the order a depth-first walk from the outputs first meets them. Plexus uses
/// the same order, so that weights exported from Keras import by position.
///
/// The depth of a call is one more than the largest depth of the calls that read its output
/// (an output's call has depth 0); a layer called several times takes the largest depth of its
/// calls, walked as Keras walks them (`keras/src/ops/function.py`, `map_graph`).
struct KerasLayerOrder {
    /// Every layer, inputs included, each once.
    let layers: [any Layer]

    init(outputs: [GraphNodeRecord]) {
        // Depth-first from the outputs: each layer's index is when it is first met; the calls
        // are listed in post-order (a call after everything it reads).
        var layerIndex: [ObjectIdentifier: Int] = [:]
        var layerByID: [ObjectIdentifier: any Layer] = [:]
        var finished = Set<ObjectIdentifier>()
        var postOrder: [GraphNodeRecord] = []
        var stack: [(node: GraphNodeRecord, expanded: Bool)] = outputs.reversed().map { ($0, false) }
        while let (node, expanded) = stack.popLast() {
            if expanded {
                if finished.insert(ObjectIdentifier(node)).inserted { postOrder.append(node) }
                continue
            }
            guard !finished.contains(ObjectIdentifier(node)) else { continue }
            let layerID = ObjectIdentifier(node.layer)
            if layerIndex[layerID] == nil {
                layerIndex[layerID] = layerIndex.count
                layerByID[layerID] = node.layer
            }
            stack.append((node, true))
            for input in node.inputs.reversed() where !finished.contains(ObjectIdentifier(input.node)) {
                stack.append((input.node, false))
            }
        }
        var nodeDepth: [ObjectIdentifier: Int] = [:]
        var layerDepth: [ObjectIdentifier: Int] = [:]
        for node in postOrder.reversed() {
            let layerID = ObjectIdentifier(node.layer)
            let depth = Swift.max(nodeDepth[ObjectIdentifier(node), default: 0], layerDepth[layerID, default: 0])
            layerDepth[layerID] = depth
            nodeDepth[ObjectIdentifier(node)] = depth
            for input in node.inputs {
                let parent = ObjectIdentifier(input.node)
                nodeDepth[parent] = Swift.max(depth + 1, nodeDepth[parent, default: 0])
            }
        }
        layers = layerDepth.keys
            .sorted { a, b in
                layerDepth[a]! != layerDepth[b]! ? layerDepth[a]! > layerDepth[b]! : layerIndex[a]! < layerIndex[b]!
            }
            .map { layerByID[$0]! }
    }
}
