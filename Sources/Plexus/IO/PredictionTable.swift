/// A model's predictions as a table: for a classifier, the predicted class (`prediction`)
/// and the probability of each class (`p_0 ... p_{K-1}`); for regression, the predicted value
/// (`prediction`, or `prediction_0 ...` for several outputs) in the targets' units.
///
/// ```swift
/// let table = try PredictionTable(model: model, samples: x)
/// print(table.csv)
/// // prediction,p_0,p_1,p_2
/// // 2,0.01,0.04,0.95
/// ```
///
/// A model is a classifier when its loss is a cross-entropy, or (uncompiled) when it ends in
/// a softmax or sigmoid. Logits are turned into probabilities with softmax (or sigmoid for one
/// output); a single sigmoid output gives two columns, `p_0 = 1 - p` and `p_1 = p`.
///
/// When the model has a ``Model/labelEncoding``, the CSV gives the original labels: the
/// `prediction` column holds the label value or name (`5`, `cat`) and the probability
/// columns are named after the classes (`p_2,p_5`, `p_cat,p_dog`).
///
/// A multi-label model (its encoding's task is ``LearningTask/multilabel(labels:)``, or its
/// loss binary cross-entropy on several outputs) gives a 0/1 decision per label, headed by
/// the label's name, then the probability of each (`car,bus,p_car,p_bus`; `label_0 ...`
/// without names). Each output is a probability of its own (a sigmoid), not a share of one.
public struct PredictionTable: Sendable {
    /// The column names.
    public let header: [String]
    /// The values, `[rows, header.count]`; a classifier's first column is the class index.
    public let values: Tensor
    /// The names of the classes, in index order, when the model knows its original labels.
    public let classNames: [String]?

    /// How many columns, from the first, hold whole numbers (class indices, 0/1 decisions).
    let decisionColumns: Int

    /// The predictions of `model` for raw `samples`.
    ///
    /// - Parameters:
    ///   - model: a built model; its label encoding, if any, names the classes.
    ///   - samples: raw samples, `[rows, features...]`, as ``Model/predict(_:batchSize:)-(Tensor,_)`` takes them.
    ///   - batchSize: samples per forward pass.
    ///   - threshold: a sigmoid output above it is a yes (class 1, or the label
    ///   present); it applies to a single sigmoid output and to multi-label outputs.
    public init(model: Model, samples: Tensor, batchSize: Int = 256, threshold: Float = 0.5) throws {
        try self.init(model: model, inputs: [samples], batchSize: batchSize, threshold: threshold)
    }

    /// The predictions of a model of one output for raw samples of each of its inputs, in order.
    public init(model: Model, inputs: [Tensor], batchSize: Int = 256, threshold: Float = 0.5) throws {
        let outputs = try model.predict(inputs, batchSize: batchSize)
        let rows = outputs.shape[0], width = outputs.count / Swift.max(rows, 1)
        let flat = outputs.reshaped([rows, width])
        guard model.isClassifier else {
            header = width == 1 ? ["prediction"] : (0..<width).map { "prediction_\($0)" }
            values = flat
            classNames = nil
            decisionColumns = 0
            return
        }
        if let names = PredictionTable.multilabelNames(model, width: width) {
            // Sigmoid outputs as they are; logits (binary cross-entropy from logits) through one.
            let probabilities = model.finalActivation == .sigmoid ? flat : sigmoid(flat)
            let decisions = probabilities .> threshold
            header = names + names.map { "p_\($0)" }
            values = Tensor.concatenate([decisions, probabilities], alongAxis: 1)
            classNames = names
            decisionColumns = width
            return
        }
        var probabilities = flat
        switch model.probabilityActivation {
        case .softmax?: probabilities = softmax(flat)
        case .sigmoid?: probabilities = sigmoid(flat)
        default: break
        }
        let columns = width == 1 ? 2 : width
        var table = [Float](repeating: 0, count: rows * (columns + 1))
        probabilities.withUnsafeBufferPointer { p in
            for row in 0..<rows {
                let out = row * (columns + 1)
                if width == 1 {
                    table[out + 1] = 1 - p[row]
                    table[out + 2] = p[row]
                    table[out] = p[row] > threshold ? 1 : 0
                } else {
                    var best = 0
                    for k in 0..<width {
                        table[out + 1 + k] = p[row * width + k]
                        if p[row * width + k] > p[row * width + best] { best = k }
                    }
                    table[out] = Float(best)
                }
            }
        }
        let names = model.labelEncoding.flatMap { $0.classNames.count == columns ? $0.classNames : nil }
        header = ["prediction"] + (0..<columns).map { "p_\(names?[$0] ?? String($0))" }
        values = Tensor(shape: [rows, columns + 1], scalars: table)
        classNames = names
        decisionColumns = 1
    }

    /// The label names of a multi-label model with `width` outputs; nil for other models.
    static func multilabelNames(_ model: Model, width: Int) -> [String]? {
        if let encoding = model.labelEncoding, case .multilabel(let count) = encoding.task, count == width {
            return encoding.classNames
        }
        guard width > 1, model.loss is BinaryCrossentropy else { return nil }
        return (0..<width).map { "label_\($0)" }
    }

    /// The table as CSV text with a header line; numbers as the shortest text that reads back
    /// as the same `Float`, classes as whole numbers.
    public var csv: String {
        var lines = [header.map(PredictionTable.csvField).joined(separator: ",")]
        let width = header.count
        let classColumn = header.count > 1 && header[0] == "prediction" && header[1].hasPrefix("p_")
        values.withUnsafeBufferPointer { table in
            for row in 0..<(table.count / Swift.max(width, 1)) {
                var fields: [String] = []
                for column in 0..<width {
                    let value = table[row * width + column]
                    if classColumn && column == 0 {
                        let index = Int(value)
                        fields.append(classNames.map { PredictionTable.csvField($0[index]) } ?? String(index))
                    } else if column < decisionColumns {
                        fields.append(String(Int(value)))
                    } else {
                        fields.append("\(value)")
                    }
                }
                lines.append(fields.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``csv`` to `path`: a regular file is replaced atomically (a link's target, the
    /// link kept); a device, a FIFO or `/dev/stdout` is written straight through.
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the file and the system's reason.
    public func write(to path: String) throws {
        try AtomicFile.write(Array(csv.utf8), to: path)
    }
}

extension PredictionTable {
    /// `text` as one CSV field: quoted, with quotes doubled, when it holds a comma, a quote
    /// or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }
}

extension Model {
    /// Whether the model classifies: a cross-entropy loss, or (uncompiled) a softmax or
    /// sigmoid at the end.
    var isClassifier: Bool {
        if let loss { return Model.expectsLogits(loss) != nil }
        return finalActivation == .softmax || finalActivation == .sigmoid
    }
}
