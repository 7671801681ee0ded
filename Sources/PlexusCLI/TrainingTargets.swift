import Plexus

/// The labels a loss trains on, from a data set's labels and their ``LabelEncoding``: class
/// indices for the sparse losses and binary cross-entropy, one-hot rows where the loss (or
/// mean squared error on classes) needs one column per class. Shared by `train` and
/// `evaluate`, so a saved model is judged on labels encoded as it learned them.
enum TrainingTargets {
    /// `labels` encoded for `loss`; `source` names them in errors.
    static func encode(_ labels: Tensor, with encoding: LabelEncoding, for loss: any Loss, source: String) throws -> Tensor {
        forLoss(try encoding.encode(labels, source: source), task: encoding.task, loss: loss)
    }

    /// Encoded labels (class indices) as `loss` takes them: one-hot rows for categorical
    /// cross-entropy and for mean squared error on more than two classes.
    static func forLoss(_ indices: Tensor, task: LearningTask, loss: any Loss) -> Tensor {
        guard case .multiclass(let classes) = task else { return indices }
        let rows = indices.rank == 0 ? 1 : indices.shape[0]
        let oneHotLoss = loss is CategoricalCrossentropy || loss is MeanSquaredError
        guard oneHotLoss, indices.count == rows else { return indices }
        return Dataset.oneHot(indices, classes: classes)
    }

    /// Checks that a loss chosen by name fits the task the labels call for, before training:
    /// binary cross-entropy wants two classes or one output per label, the categorical ones
    /// want classes at all.
    static func checkLoss(_ loss: any Loss, task: LearningTask, outputs: Int) throws {
        switch (loss, task) {
        case (is BinaryCrossentropy, .regression):
            throw InputError(
                "binary cross-entropy needs labels of two classes, but these look like regression targets (fractions or many distinct values); use --loss mse"
            )
        case (is BinaryCrossentropy, .multilabel(let labels)):
            guard outputs == labels else {
                throw InputError(
                    "the last layer has \(outputs) outputs, but there are \(labels) labels: end --layers with \(labels):sigmoid (one per label)"
                )
            }
        case (_, .multilabel):
            throw InputError("\(loss.name) does not fit labels of 0 and 1 in several columns (multi-label): use binary-crossentropy")
        case (is BinaryCrossentropy, .multiclass(let classes)):
            throw InputError(
                "binary cross-entropy needs labels of two classes, but these have \(classes); use --loss sparse-categorical-crossentropy")
        case (is SparseCategoricalCrossentropy, .regression), (is CategoricalCrossentropy, .regression):
            throw InputError(
                "\(loss.name) needs class labels, but these look like regression targets (fractions or many distinct values); use --loss mse"
            )
        case (is SparseCategoricalCrossentropy, .binary), (is CategoricalCrossentropy, .binary):
            guard outputs == 2 else {
                throw InputError("\(loss.name) needs one output per class: end --layers with 2 (or use binary-crossentropy with 1 output)")
            }
        case (is SparseCategoricalCrossentropy, .multiclass(let classes)), (is CategoricalCrossentropy, .multiclass(let classes)):
            guard outputs == classes else {
                throw InputError(
                    "the last layer has \(outputs) outputs, but the labels have \(classes) classes: end --layers with \(classes)")
            }
        default:
            break
        }
    }
}
