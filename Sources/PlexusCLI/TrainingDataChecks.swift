import Plexus

/// What `plexus train` checks of the training and test parts before it builds anything:
/// both hold samples, of the same shape and width above zero, with labels of one shape, and
/// what the labels mean (``LabelEncoding``) from all of them.
enum TrainingDataChecks {
    /// The labels' encoding, made from the training and test labels together (so that a class
    /// seen only in the test part is still a class), after checking both parts. Several label
    /// columns make a task with the loss named by `--loss` (``LabelColumns``); unnamed one-hot
    /// rows (an NPZ file's) stay multi-class.
    static func encoding(train: Dataset, test: Dataset, loss: LossChoice? = nil) throws -> LabelEncoding {
        guard train.count > 0 else {
            throw InputError("\(train.name) leaves no samples to train on (check --test-fraction and --limit)")
        }
        guard test.count > 0 else {
            throw InputError("\(test.name) has no test samples (check --test-fraction)")
        }
        guard train.sampleShape.allSatisfy({ $0 > 0 }), !train.sampleShape.isEmpty else {
            throw InputError("\(train.name) has samples of shape \(train.sampleShape): there are no features to learn from")
        }
        guard test.sampleShape == train.sampleShape else {
            throw InputError(
                "the test samples of \(test.name) have shape \(test.sampleShape), but the training samples have shape \(train.sampleShape)")
        }
        let trainWidth = train.labels.count / train.count, testWidth = test.labels.count / test.count
        guard trainWidth == testWidth, trainWidth > 0 else {
            throw InputError("the test labels have \(testWidth) value(s) per sample, but the training labels have \(trainWidth)")
        }
        if train.classNames != test.classNames {
            throw InputError("the training and test parts name their classes differently")
        }
        let labels = Tensor.concatenate(
            [train.labels.reshaped([train.count, trainWidth]), test.labels.reshaped([test.count, testWidth])], alongAxis: 0)
        let source = "\(train.name) labels"
        if trainWidth > 1 {
            if let names = train.classNames, names.count == trainWidth {
                return try LabelColumns.encoding(labels: labels, names: names, loss: loss, source: source)
            }
            let encoding = try LabelEncoding(labels: labels, source: source)
            if case .multiclass = encoding.task { return encoding }
            return try LabelColumns.encoding(labels: labels, names: (0..<trainWidth).map(String.init), loss: loss, source: source)
        }
        return try LabelEncoding(labels: labels.reshaped([-1]), classNames: train.classNames, source: source)
    }
}
