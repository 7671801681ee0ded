/// The summary of a functional model, as Keras 3 prints it: one row per layer (inputs
/// included) in Keras's order, with a fourth column, "Connected to", listing what each call of
/// the layer reads as `layer[call][0]`.
///
///     Model: "functional"
///     ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
///     ┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
///     ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
///     │ input_layer         │ (None, 64)        │          0 │ -                 │
///     │ (InputLayer)        │                   │            │                   │
///     ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
///     │ add (Add)           │ (None, 32)        │          0 │ dense[0][0],      │
///     │                     │                   │            │ dense_1[0][0]     │
///
/// Keras's columns have fixed widths (those it prints to a file or a pipe): a long name wraps
/// at its spaces, a long connection is cut with "…". A graph that is a plain chain (one call per
/// layer, each reading one tensor) is printed as Keras prints it, without "Connected to".
struct FunctionalSummary {
    static let widths = [19, 17, 10, 17]
    static let chainWidths = [31, 22, 13]

    let model: Model
    let graph: FunctionalGraph

    /// Whether Keras would call the graph sequential-like: every call reads at most one tensor
    /// and every layer is called once, so there is nothing to say about connections.
    var isChainLike: Bool {
        graph.inputLayers.count == 1 && graph.outputSlots.count == 1
            && graph.steps.allSatisfy { $0.inputSlots.count <= 1 && $0.callIndex == 0 }
            && Set(graph.steps.flatMap(\.inputSlots)).count == graph.steps.count
    }

    var text: String {
        let chain = isChainLike
        let widths = chain ? Self.chainWidths : Self.widths
        let headers = ["Layer (type)", "Output Shape", "Param #"] + (chain ? [] : ["Connected to"])
        let table = SummaryTable(headers: headers, widths: widths, rightAligned: [2])
        let rows = graph.orderedLayers.map { layer in
            [
                Self.wrapped("\(layer.name) (\(layer.typeName))", width: widths[0]),
                Self.wrapped(Model.shapeText(outputShape(of: layer)), width: widths[1]),
                [Model.grouped(layer.parameterCount)],
            ] + (chain ? [] : [connections(of: layer).map { Self.cut($0, width: widths[3]) }])
        }
        return (["Model: \"\(model.name)\""] + table.lines(rows) + model.totalsLines).joined(separator: "\n")
    }

    /// The output shape of the layer's first call (an input's own shape).
    private func outputShape(of layer: any Layer) -> [Int] {
        if let input = layer as? InputLayer { return input.shape }
        return graph.steps.first { $0.layer === layer }?.outputShape ?? []
    }

    /// "dense[0][0]," lines: every tensor every call of the layer reads; "-" for an input.
    private func connections(of layer: any Layer) -> [String] {
        let sources = graph.steps.filter { $0.layer === layer }.flatMap { step in
            step.inputSlots.map { slot in "\(graph.slotSources[slot].layer.name)[\(graph.slotSources[slot].callIndex)][0]" }
        }
        guard !sources.isEmpty else { return ["-"] }
        return sources.enumerated().map { index, source in index < sources.count - 1 ? source + "," : source }
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a longer word is split).
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            var word = word
            if current.isEmpty == false, current.count + 1 + word.count <= width {
                current += " " + word
                continue
            }
            if !current.isEmpty { lines.append(current) }
            while word.count > width {
                lines.append(String(word.prefix(width)))
                word = String(word.dropFirst(width))
            }
            current = word
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `text` cut to `width` characters, ending in "…" when cut.
    static func cut(_ text: String, width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
