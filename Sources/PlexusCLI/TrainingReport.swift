import Foundation
import Plexus

/// The results `plexus train` shows after training: test scores, and for classification a
/// confusion matrix and a few test samples drawn (mistakes first); for multi-label, scores
/// and a 2x2 confusion matrix per label.
struct TrainingReport {
    let plan: TrainingPlan
    let test: Dataset
    let history: History
    let epochs: Int
    let seconds: Double
    let testLoss: Float
    let outputs: Tensor

    init(plan: TrainingPlan, test: Dataset, history: History, epochs: Int, seconds: Double) throws {
        self.plan = plan
        self.test = test
        self.history = history
        self.epochs = epochs
        self.seconds = seconds
        testLoss = try plan.network.evaluate(test.x, plan.targets(test.y), batchSize: 256)["loss"] ?? .nan
        outputs = try plan.network.predict(test.x, batchSize: 256)
    }

    var classes: Int {
        switch plan.task {
        case .multiclass(let count): return count
        case .binary: return 2
        case .regression, .multilabel: return 0
        }
    }

    /// The per-label scores of a multi-label task; nil for other tasks.
    var multiLabel: MultiLabelScores? {
        guard case .multilabel = plan.task else { return nil }
        return MultiLabelScores(
            truth: test.labels, probabilities: MultiLabelScores.probabilities(outputs, of: plan.network), names: plan.encoding.classNames)
    }

    /// Class probabilities from the outputs, whatever the last layer gives.
    var probabilities: Tensor {
        let width = outputs.shape.last ?? 1
        let activation = plan.network.finalActivation
        if activation == .softmax || activation == .sigmoid { return outputs }
        return width == 1 ? sigmoid(outputs) : softmax(outputs)
    }

    var confusion: ConfusionMatrix {
        ConfusionMatrix(labels: classIndices, predictions: probabilities, classes: classes)
    }

    /// The test labels as class indices: one-hot rows (categorical cross-entropy on several
    /// label columns) become the index of their 1.
    var classIndices: Tensor {
        guard test.labels.count > test.count else { return test.labels }
        return Tensor(ConfusionMatrix.predictedClasses(test.labels.reshaped([test.count, -1])).map(Float.init))
    }

    var trainLoss: Float { history["loss"].last ?? .nan }

    func text(showExamples: Bool) -> String {
        var lines = ["", "trained \(epochs) epoch\(epochs == 1 ? "" : "s") in \(String(format: "%.2f", seconds)) s"]
        if let scores = multiLabel {
            lines.append(
                "test accuracy (mean over labels): \(String(format: "%.4f", scores.meanAccuracy)) (\(test.count) samples), test loss: \(String(format: "%.4f", testLoss))"
            )
            lines.append(contentsOf: scores.lines(matrices: true))
        } else if plan.task.isClassification {
            let matrix = confusion
            lines.append(
                "test accuracy: \(String(format: "%.4f", matrix.accuracy)) (\(test.count) samples), test loss: \(String(format: "%.4f", testLoss))"
            )
            lines.append("")
            lines.append("confusion matrix (rows: true class, columns: predicted class):")
            lines.append(matrix.rendered(classNames: plan.classNames))
            if showExamples, let imageShape = plan.imageShape { lines.append(contentsOf: examples(imageShape: imageShape)) }
        } else {
            let predictions = outputs  // in the targets' units: the network undoes its scaling
            lines.append(
                "test mean squared error: \(String(format: "%.4f", RegressionScores.meanSquaredError(predictions: predictions, truth: test.labels))), "
                    + "R²: \(String(format: "%.4f", RegressionScores.rSquared(predictions: predictions, truth: test.labels))) (\(test.count) samples)"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// Up to six test samples side by side, the mistakes first, each with its true and
    /// predicted class and the probability the network gave its prediction.
    func examples(imageShape: [Int]) -> [String] {
        let predicted = ConfusionMatrix.predictedClasses(probabilities)
        let truth = classIndices.scalars.map { Int($0) }
        let mistakes = test.count > 0 ? (0..<test.count).filter { predicted[$0] != truth[$0] } : []
        let rights = test.count > 0 ? (0..<test.count).filter { predicted[$0] == truth[$0] } : []
        let chosen = Array((mistakes.prefix(3) + rights).prefix(6))
        guard !chosen.isEmpty else { return [] }
        let p = probabilities
        let width = p.shape.last ?? 1
        var blocks: [[String]] = []
        for index in chosen {
            let image = test.features.rows(index..<(index + 1)).reshaped(imageShape)
            let probability =
                width == 1
                ? (predicted[index] == 1 ? p[index, 0] : 1 - p[index, 0]) : p[index, predicted[index]]
            let name = { (k: Int) -> String in
                guard let named = plan.classNames?[k], named != "\(k)" else { return "\(k)" }
                return "\(k) \(named)"
            }
            var block = TerminalImage.render(image)
            block.append("true \(name(truth[index]))")
            block.append(
                "pred \(name(predicted[index])) \(String(format: "%.2f", probability))\(predicted[index] == truth[index] ? "" : " ✗")")
            blocks.append(block)
        }
        let columnWidth = blocks.map { $0.map(\.count).max() ?? 0 }.max() ?? 0
        let height = blocks.map(\.count).max() ?? 0
        var lines = ["", "test samples (mistakes first):"]
        for row in 0..<height {
            lines.append(
                blocks.map { block in
                    let text = row < block.count ? block[row] : ""
                    return text + String(repeating: " ", count: columnWidth - text.count + 3)
                }.joined())
        }
        return lines
    }

    func json(dataset: String, parameters: Int) -> String {
        var fields: [(key: String, value: String)] = [
            ("dataset", quoted(dataset)), ("epochs", "\(epochs)"), ("parameters", "\(parameters)"),
            ("seconds", number(Float(seconds))), ("train_loss", number(trainLoss)), ("test_loss", number(testLoss)),
        ]
        if let scores = multiLabel {
            fields.append(("test_accuracy", number(scores.meanAccuracy)))
            fields.append(contentsOf: scores.jsonFields(prefix: "test_"))
        } else if plan.task.isClassification {
            fields.append(("test_accuracy", number(confusion.accuracy)))
        } else {
            let predictions = outputs  // in the targets' units: the network undoes its scaling
            fields.append(("test_mse", number(RegressionScores.meanSquaredError(predictions: predictions, truth: test.labels))))
            fields.append(("test_r2", number(RegressionScores.rSquared(predictions: predictions, truth: test.labels))))
        }
        let historyFields = history.names.map { "\(quoted($0)): [" + history[$0].map(number).joined(separator: ", ") + "]" }
        fields.append(("history", "{" + historyFields.joined(separator: ", ") + "}"))
        return JSONText.object(fields)
    }

    private func quoted(_ text: String) -> String { JSONText.string(text) }

    private func number(_ value: Float) -> String { JSONText.number(value) }
}
