import Plexus

/// How a multi-label model does on labelled samples: for each label its accuracy, precision,
/// recall and F1 and its 2x2 confusion matrix, and over all labels the exact-match ratio (the
/// share of samples with every label right) and the Hamming loss (the share of wrong labels).
/// Shared by `train` and `evaluate`.
struct MultiLabelScores {
    let names: [String]
    /// One 2x2 matrix per label: row the truth (0, 1), column the decision.
    let matrices: [ConfusionMatrix]
    let exactMatch: Float
    let hammingLoss: Float
    let samples: Int

    /// The scores of `probabilities` `[n, k]` (a label is predicted when above `threshold`)
    /// against `truth` `[n, k]` of 0 and 1.
    init(truth: Tensor, probabilities: Tensor, names: [String], threshold: Float = 0.5) {
        let width = names.count
        let rows = truth.count / Swift.max(width, 1)
        let truthRows = truth.reshaped([rows, width]), probabilityRows = probabilities.reshaped([rows, width])
        self.names = names
        samples = rows
        let (y, p) = (truthRows.scalars, probabilityRows.scalars)
        func column(_ values: [Float], _ label: Int) -> Tensor {
            Tensor(shape: [rows], scalars: (0..<rows).map { values[$0 * width + label] })
        }
        matrices = (0..<width).map { label in
            // Truth above 0.5 is a 1, as binary accuracy counts it.
            ConfusionMatrix(labels: column(y, label) .> 0.5, predictions: column(p, label), classes: 2, threshold: threshold)
        }
        var allRight = 0, wrong = 0
        truthRows.withUnsafeBufferPointer { y in
            probabilityRows.withUnsafeBufferPointer { p in
                for row in 0..<rows {
                    var rowWrong = 0
                    for label in 0..<width where (p[row * width + label] > threshold) != (y[row * width + label] > 0.5) {
                        rowWrong += 1
                    }
                    if rowWrong == 0 { allRight += 1 }
                    wrong += rowWrong
                }
            }
        }
        exactMatch = rows == 0 ? 0 : Float(allRight) / Float(rows)
        hammingLoss = rows * width == 0 ? 0 : Float(wrong) / Float(rows * width)
    }

    /// Sigmoid probabilities from a model's outputs: as they are after a sigmoid, else
    /// through one (logits of binary cross-entropy).
    static func probabilities(_ outputs: Tensor, of model: Model) -> Tensor {
        model.finalActivation == .sigmoid ? outputs : sigmoid(outputs)
    }

    /// The mean of the per-label accuracies (Keras's `binary_accuracy`), 1 - Hamming loss.
    var meanAccuracy: Float { 1 - hammingLoss }

    func accuracy(_ label: Int) -> Float { matrices[label].accuracy }

    /// Of the samples predicted to have the label, the share that have it (0 when none is).
    func precision(_ label: Int) -> Float {
        let counts = matrices[label].counts
        return ratio(counts[1][1], counts[1][1] + counts[0][1])
    }

    /// Of the samples that have the label, the share predicted to (0 when none has it).
    func recall(_ label: Int) -> Float {
        let counts = matrices[label].counts
        return ratio(counts[1][1], counts[1][1] + counts[1][0])
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    func f1(_ label: Int) -> Float {
        let p = precision(label), r = recall(label)
        return p + r > 0 ? 2 * p * r / (p + r) : 0
    }

    private func ratio(_ part: Int, _ whole: Int) -> Float { whole == 0 ? 0 : Float(part) / Float(whole) }

    /// A line of totals, a table of the per-label scores, and with `matrices` true one 2x2
    /// confusion matrix per label.
    func lines(matrices showMatrices: Bool) -> [String] {
        let nameWidth = Swift.max(5, names.map(\.count).max() ?? 0)
        func pad(_ text: String, _ size: Int) -> String { text + String(repeating: " ", count: Swift.max(0, size - text.count)) }
        func score(_ value: Float) -> String { pad(String(format: "%.4f", value), 11) }
        var lines = [
            "exact match: \(String(format: "%.4f", exactMatch)), Hamming loss: \(String(format: "%.4f", hammingLoss)) (\(samples) samples, \(names.count) labels)",
            "",
            pad("label", nameWidth + 2) + pad("accuracy", 11) + pad("precision", 11) + pad("recall", 11) + "F1",
        ]
        for (label, name) in names.enumerated() {
            lines.append(
                pad(name, nameWidth + 2) + score(accuracy(label)) + score(precision(label)) + score(recall(label))
                    + String(format: "%.4f", f1(label)))
        }
        guard showMatrices else { return lines }
        lines.append("")
        lines.append("confusion matrix of each label (rows: true 0/1, columns: predicted 0/1):")
        for (label, name) in names.enumerated() {
            lines.append(name)
            lines.append(matrices[label].rendered(classNames: nil))
        }
        return lines
    }

    /// The JSON fields, keys prefixed with `prefix` (`test_` for train): exact_match,
    /// hamming_loss, and labels, an object of {accuracy, precision, recall, f1} per label name.
    func jsonFields(prefix: String) -> [(key: String, value: String)] {
        let perLabel = names.enumerated().map { label, name in
            (
                key: name,
                value: JSONText.object([
                    ("accuracy", JSONText.number(accuracy(label))), ("precision", JSONText.number(precision(label))),
                    ("recall", JSONText.number(recall(label))), ("f1", JSONText.number(f1(label))),
                ])
            )
        }
        return [
            ("\(prefix)exact_match", JSONText.number(exactMatch)), ("\(prefix)hamming_loss", JSONText.number(hammingLoss)),
            ("\(prefix)labels", JSONText.object(perLabel)),
        ]
    }
}
