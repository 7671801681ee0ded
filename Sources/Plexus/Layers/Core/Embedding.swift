/// Turns whole-number indices into dense vectors: row `i` of a learned table for index `i`, as
/// Keras's `Embedding`.
///
/// The indices arrive as a `Float` tensor, `[batch, sequence]` (or any shape with a batch axis);
/// the output has one more axis, `[batch, sequence, outputDim]`. As in Keras the table,
/// `embeddings`, is `[inputDim, outputDim]` and starts uniform in [-0.05, 0.05].
///
/// ```swift
/// let model = Sequential(inputShape: [20]) {
///     Embedding(inputDim: 1000, outputDim: 16)   // [batch, 20] -> [batch, 20, 16]
///     GlobalAveragePooling1D()                   // -> [batch, 16]
///     Dense(1, activation: .sigmoid)
/// }
/// ```
///
/// Forward: `output[..., j] = embeddings[index, j]`. Backward: each output row's gradient is
/// added to the table row it came from, so an index used several times in a batch gets the sum.
/// Adam, AdamW and RMSprop square each read's gradient for their second moment (`g1² + g2²`
/// for a row read twice), as Keras on TensorFlow steps an embedding.
/// A value that is not a whole number in `0..<inputDim` is a thrown error at `fit`, `evaluate`,
/// `predict` and `trainOnBatch` (``checkInput(_:)``), naming the value and where it is.
public final class Embedding: Layer {
    /// The number of rows of the table: indices run over `0..<inputDim`.
    public let inputDim: Int
    /// The length of each vector.
    public let outputDim: Int
    public var name: String
    public static let typeName = "Embedding"
    public var takesIndices: Bool { true }

    /// The table, `[inputDim, outputDim]`; nil until built.
    public private(set) var embeddings: Parameter?

    /// An embedding of `inputDim` indices into vectors of `outputDim` values.
    public init(inputDim: Int, outputDim: Int, name: String = "embedding") {
        require(inputDim > 0 && outputDim > 0, "Embedding needs a positive inputDim and outputDim, got \(inputDim) and \(outputDim)")
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.name = name
    }

    public var parameters: [Parameter] { embeddings.map { [$0] } ?? [] }
    public var isBuilt: Bool { embeddings != nil }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        guard embeddings == nil else { return }
        embeddings = Parameter(
            Tensor.uniform([inputDim, outputDim], low: -0.05, high: 0.05, using: &generator), name: "embeddings")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        inputShape + [outputDim]
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        [ParameterShape("embeddings", [inputDim, outputDim])]
    }

    public func checkInput(_ samples: Tensor) throws {
        let bad = samples.withUnsafeBufferPointer { values in
            values.firstIndex { !($0 >= 0 && $0 < Float(inputDim) && $0 == $0.rounded()) }
        }
        guard let bad else { return }
        let value = samples.withUnsafeBufferPointer { $0[bad] }
        throw TrainingError(
            .invalidArgument,
            "\(typeName) '\(name)' takes whole-number indices from 0 to \(inputDim - 1) (inputDim \(inputDim)), but the value at \(Embedding.position(of: bad, in: samples.shape)) is \(value)"
        )
    }

    /// "sample 3, position 5" (row-major `flat` in a batch of `shape`), for messages.
    static func position(of flat: Int, in shape: [Int]) -> String {
        let sampleSize = Swift.max(shape.dropFirst().reduce(1, *), 1)
        let sample = flat / sampleSize
        var rest = flat % sampleSize
        var indices: [Int] = []
        for length in shape.dropFirst().reversed() {
            indices.insert(rest % Swift.max(length, 1), at: 0)
            rest /= Swift.max(length, 1)
        }
        switch indices.count {
        case 0: return "sample \(sample)"
        case 1: return "sample \(sample), position \(indices[0])"
        default: return "sample \(sample), position \(indices)"
        }
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let embeddings else { fatalError("Embedding '\(name)' is used before it is built") }
        // The entry points check the indices first (checkInput); here a bad one is a programming error.
        let indices = input.withUnsafeBufferPointer { values in
            values.map { value -> Int in
                require(
                    value >= 0 && value < Float(inputDim) && value == value.rounded(),
                    "Embedding '\(name)' got \(value), not an index from 0 to \(inputDim - 1)")
                return Int(value)
            }
        }
        let table = embeddings.tensor
        guard table.isTracked else { return table.gatheringRows(indices).reshaped(input.shape + [outputDim]) }
        // One recorded gather (of the plain table, so that no second node is made), whose
        // pullback also leaves the per-read squared gradients for the optimizers' second
        // moments (see Parameter.occurrenceSquares).
        let tableShape = table.shape
        let lookup = embeddings.value.gatheringRows(indices).recorded("embedding", inputs: [table]) { [embeddings] gradient in
            let squares = (gradient * gradient).scatterAddingRows(indices, into: tableShape)
            embeddings.occurrenceSquares = embeddings.occurrenceSquares.map { $0 + squares } ?? squares
            return [gradient.scatterAddingRows(indices, into: tableShape)]
        }
        return lookup.reshaped(input.shape + [outputDim])
    }
}

// MARK: Description

extension Embedding: RegisteredLayer {
    public static let specificationKeywords = ["embedding"]
    public static let specificationUsage = "embedding:VOCAB:DIM (indices 0..<VOCAB to vectors of DIM)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("inputDim", inputDim)
        settings.set("outputDim", outputDim)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(inputDim: try settings.positiveInt("inputDim"), outputDim: try settings.positiveInt("outputDim"), name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Embedding {
        try entry.expectParts(3, usage: "embedding:VOCAB:DIM")
        return Embedding(
            inputDim: try entry.positiveInt(at: 1, "the vocabulary size"),
            outputDim: try entry.positiveInt(at: 2, "the vector length"))
    }
}

extension Embedding: ONNXExportable {
    /// `Cast` of the float indices to int64, then `Gather` of the table's rows.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        guard let table = export.weight("embeddings") else { throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built") }
        export.apply("Cast", attributes: [.int("to", ONNXGraph.int64Type)])
        export.graph.apply("Gather", inputs: [table, export.graph.current], attributes: [.int("axis", 0)], stem: name)
    }
}

extension Embedding: PyTorchWeightNaming {
    /// PyTorch's `nn.Embedding` keeps the same `[num_embeddings, embedding_dim]` table as `weight`.
    func pytorchWeight(for parameterName: String) -> PyTorchWeight {
        .same(parameterName == "embeddings" ? "weight" : parameterName)
    }
}

extension Embedding: DataParallelLayer {
    /// The table is read by index: its per-read squared gradients travel with its gradient.
    var sparseParameters: [Parameter] { parameters }
}
