import ArgumentParser
import Plexus

/// The options that choose a data set and its split, shared by the commands that read one:
/// `train` and `evaluate` split it the same way, so a saved model is judged on data it did
/// not train on.
struct DataOptions: ParsableArguments {
    @Option(
        help:
            "digits, breast-cancer, diabetes, fashion-mnist, or the path of a CSV file, an NPZ file or a folder of IDX files (a pipe such as <(zcat data.csv.gz) works too)."
    )
    var dataset = "digits"

    @Option(help: "The data set file's format, csv, npz, npy or idx, instead of deciding it from the file's first bytes.")
    var format: InputFormat?

    @Option(
        help:
            "The label column of a CSV file (default: the last column); several columns for several labels: --label car,bus,person or --label car --label bus."
    )
    var label: [String] = []

    @Option(help: "Where fashion-mnist's IDX files are (default: $PLEXUS_FASHION_MNIST, then /usr/share/datasets/fashion-mnist).")
    var dataDirectory: String?

    @Option(help: "Fraction of the data kept for testing (for data sets without a test part).")
    var testFraction: Float = 0.2

    @Option(help: "Seed of the split (and, when training, of the initial weights and the shuffling).")
    var seed: UInt64 = 42

    /// The label columns named by `--label`, commas splitting a value; empty for the default.
    var labelColumns: [String] { LabelColumns.names(label) }

    /// The training and test parts; `defaultLabels` are the label columns when `--label` is
    /// not given (a multi-label model's own label names).
    func load(defaultLabels: [String] = []) throws -> (train: Dataset, test: Dataset) {
        try DatasetChoice.load(
            dataset, labelColumns: label.isEmpty ? defaultLabels : labelColumns, dataDirectory: dataDirectory, testFraction: testFraction,
            seed: seed, format: format)
    }
}
