import Plexus

/// Several label columns from the command (`--label car,bus,person`, or `--label` repeated):
/// their names, and what task they make with the loss asked for.
enum LabelColumns {
    /// The column names in the `--label` values, commas separating names in a value.
    static func names(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The encoding of labels `[n, k]` from `k` named columns, for the loss named by `--loss`:
    ///
    /// - none or binary-crossentropy: multi-label when every value is 0 or 1 (one sigmoid per
    ///   label); otherwise multi-output regression without `--loss`, an error with it;
    /// - categorical-crossentropy: multi-class with one-hot targets (each column a class),
    ///   an error unless every row holds a single 1;
    /// - mse: multi-output regression, whatever the values;
    /// - sparse-categorical-crossentropy: an error (it takes one column of class indices).
    static func encoding(labels: Tensor, names: [String], loss: LossChoice?, source: String) throws -> LabelEncoding {
        let width = names.count
        let list = names.prefix(10).map { quoted($0, limit: 40) }.joined(separator: ", ") + (names.count > 10 ? ", …" : "")
        if let (column, value) = firstValue(in: labels, width: width, where: { !$0.isFinite }) {
            throw InputError(
                "\(source): the label column \(quoted(names[column], limit: 40)) holds \(number(value)), not a number (a missing label?)")
        }
        let notZeroOne = firstValue(in: labels, width: width) { $0 != 0 && $0 != 1 }
        let regression = LabelEncoding(task: .regression, classNames: [], classValues: nil)
        switch loss {
        case .mse:
            return regression
        case .sparseCategoricalCrossentropy:
            throw InputError(
                "sparse categorical cross-entropy takes one column of class indices, but there are \(width) label columns (\(list)); use binary-crossentropy for 0/1 columns (multi-label), categorical-crossentropy for one-hot columns or mse for numbers"
            )
        case .categoricalCrossentropy:
            if let (column, value) = notZeroOne {
                throw InputError(
                    "categorical cross-entropy takes one-hot label columns (0 or 1, a single 1 per row), but \(quoted(names[column], limit: 40)) holds \(number(value)); use --loss mse for numbers"
                )
            }
            guard case .multiclass = LearningTask.guess(from: labels) else {
                throw InputError(
                    "categorical cross-entropy takes one-hot label columns (a single 1 per row), but some rows of \(list) have no 1 or several; leave out --loss (or use binary-crossentropy) for multi-label"
                )
            }
            return LabelEncoding(task: .multiclass(classes: width), classNames: names, classValues: nil)
        default:
            if let (column, value) = notZeroOne {
                guard loss == nil else {
                    throw InputError(
                        "binary cross-entropy takes label columns of 0 and 1 (multi-label), but \(quoted(names[column], limit: 40)) holds \(number(value)); use --loss mse for numbers"
                    )
                }
                return regression
            }
            return LabelEncoding(task: .multilabel(labels: width), classNames: names, classValues: nil)
        }
    }

    /// "2" for 2.0, "0.5", "nan": a label as a user wrote it.
    private static func number(_ value: Float) -> String {
        value.isFinite && value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The column and value of the first label for which `test` holds.
    private static func firstValue(in labels: Tensor, width: Int, where test: (Float) -> Bool) -> (column: Int, value: Float)? {
        labels.withUnsafeBufferPointer { values in
            values.firstIndex(where: test).map { ($0 % width, values[$0]) }
        }
    }
}
