import Foundation

/// Everything an HTML report shows, computed once from a model, its history and test data:
/// the test scores, and for a classifier the confusion matrix and the most confident
/// mistakes, for a regression the predictions against the truth.
struct RunReport {
    /// One test sample the model got wrong, with the probability it gave its wrong answer.
    struct Mistake {
        var index: Int
        var truth: Int
        var predicted: Int
        var probability: Float
        /// The sample as given (raw, before the model's own scaling).
        var sample: Tensor?
    }

    let history: History
    let details: ReportDetails
    let task: LearningTask?
    let modelSummary: String
    let lossName: String
    let optimizerName: String
    let learningRate: Float?
    let seed: UInt64
    let parameterCount: Int
    /// Whether the model trains on standardised regression targets (its loss and metrics are
    /// then in those units, its predictions in the targets' own).
    let scaledTargets: Bool
    /// The test loss and metrics, by name; empty without test data.
    let testScores: [String: Float]
    let testCount: Int
    let classNames: [String]
    let confusion: ConfusionMatrix?
    let mistakes: [Mistake]
    /// A regression's first output: the truth and the prediction of each test sample.
    let regression: (truth: [Float], predicted: [Float], outputs: Int)?

    /// The most mistakes a report shows.
    static let mistakeLimit = 12

    init(history: History, model: Model, test: (x: Tensor, y: Tensor)?, details: ReportDetails) throws {
        self.history = history
        self.details = details
        modelSummary = model.summaryText
        lossName = model.loss?.name ?? "(not compiled)"
        optimizerName = model.optimizer?.name ?? "(not compiled)"
        learningRate = model.optimizer?.learningRate
        seed = model.seed
        parameterCount = model.parameters.reduce(0) { $0 + $1.value.count }
        scaledTargets = model.outputNormalization != nil
        let task = model.labelEncoding?.task ?? RunReport.guessTask(model)
        self.task = task
        let names = details.classNames ?? model.labelEncoding.flatMap { $0.classNames.isEmpty ? nil : $0.classNames }

        guard let test, model.loss != nil else {
            (testScores, testCount, confusion, mistakes, regression) = ([:], 0, nil, [], nil)
            classNames = names ?? []
            return
        }
        testScores = try model.evaluate(test.x, test.y, batchSize: 256)
        let count = test.x.shape.first ?? 0
        testCount = count
        let outputs = try model.predict(test.x, batchSize: 256)
        switch task {
        case .binary, .multiclass:
            let classes: Int
            if case .multiclass(let number) = task { classes = number } else { classes = 2 }
            classNames = (0..<classes).map { index in
                guard let names, index < names.count else { return "\(index)" }
                return names[index]
            }
            let probabilities = RunReport.probabilities(outputs, model: model)
            let truth = RunReport.classIndices(test.y, count: count)
            if let row = truth.firstIndex(where: { $0 < 0 || $0 >= classes }) {
                let label = test.y.count == count ? test.y.withUnsafeBufferPointer { $0[row] } : Float(truth[row])
                throw TrainingError(
                    .labelOutOfRange, "the test label \(label) in row \(row) is not one of the model's \(classes) classes 0..<\(classes)")
            }
            confusion = ConfusionMatrix(labels: Tensor(truth.map(Float.init)), predictions: probabilities, classes: classes)
            mistakes = RunReport.mistakes(truth: truth, probabilities: probabilities, samples: test.x)
            regression = nil
        case .regression:
            classNames = []
            let width = count > 0 ? outputs.count / count : 1
            let truth = test.y.reshaped([count, -1]), predicted = outputs.reshaped([count, -1])
            regression = (
                (0..<count).map { truth[$0, 0] }, (0..<count).map { predicted[$0, 0] }, width
            )
            (confusion, mistakes) = (nil, [])
        case .multilabel, nil:
            classNames = names ?? []
            (confusion, mistakes, regression) = (nil, [], nil)
        }
    }

    /// The task from the loss and the output width, for a model without a label encoding.
    static func guessTask(_ model: Model) -> LearningTask? {
        let width = model.outputShapes.first??.last ?? 1
        switch model.loss?.name {
        case "mean_squared_error": return .regression
        case "sparse_categorical_crossentropy", "categorical_crossentropy": return width == 2 ? .binary : .multiclass(classes: width)
        case "binary_crossentropy": return width == 1 ? .binary : .multilabel(labels: width)
        default: return nil
        }
    }

    /// Class probabilities from the outputs, whatever the last layer gives.
    static func probabilities(_ outputs: Tensor, model: Model) -> Tensor {
        let activation = model.finalActivation
        if activation == .softmax || activation == .sigmoid { return outputs }
        return (outputs.shape.last ?? 1) == 1 ? sigmoid(outputs) : softmax(outputs)
    }

    /// Class indices from labels `[n]`, `[n, 1]` or one-hot rows `[n, classes]`; -1 for a label
    /// no Int holds (NaN, 1e20), which the caller reports.
    static func classIndices(_ labels: Tensor, count: Int) -> [Int] {
        guard count > 0 else { return [] }
        if labels.count == count { return labels.scalars.map { Int(exactly: $0.rounded(.towardZero)) ?? -1 } }
        return ConfusionMatrix.predictedClasses(labels.reshaped([count, -1]))
    }

    /// The wrong answers the model was surest of, surest first.
    static func mistakes(truth: [Int], probabilities: Tensor, samples: Tensor) -> [Mistake] {
        let predicted = ConfusionMatrix.predictedClasses(probabilities)
        let width = probabilities.shape.last ?? 1
        let values = probabilities.scalars
        var wrong: [Mistake] = []
        for index in truth.indices where predicted[index] != truth[index] {
            let probability =
                width == 1
                ? (predicted[index] == 1 ? values[index] : 1 - values[index]) : values[index * width + predicted[index]]
            wrong.append(Mistake(index: index, truth: truth[index], predicted: predicted[index], probability: probability, sample: nil))
        }
        wrong.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.index < $1.index }
        return wrong.prefix(mistakeLimit).map { mistake in
            var chosen = mistake
            chosen.sample = samples.rows(mistake.index..<(mistake.index + 1))
            return chosen
        }
    }
}

extension RunReport {
    /// The time spent in the epochs (from the history), else the run's total when given.
    var trainingSeconds: Double? {
        history.epochSeconds.isEmpty ? details.totalSeconds : history.epochSeconds.reduce(0, +)
    }

    /// The metric names of the history besides the loss, without the validation prefix, sorted.
    var metricNames: [String] {
        history.names.filter { $0 != "loss" && !$0.hasPrefix("val_") && $0 != "learning_rate" }
    }

    static func rSquared(_ truth: [Float], _ predicted: [Float]) -> Float {
        RegressionScores.rSquared(predictions: Tensor(predicted), truth: Tensor(truth))
    }

    /// The name of class `index`, with its number when the name is not just that number.
    func className(_ index: Int) -> String {
        guard index >= 0, index < classNames.count, classNames[index] != "\(index)" else { return "\(index)" }
        return "\(index) \(classNames[index])"
    }
}
