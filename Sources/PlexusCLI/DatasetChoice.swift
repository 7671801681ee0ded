import Foundation
import Plexus

/// The data set a command works on, from `--dataset`: a bundled name, `fashion-mnist`, or a
/// path to a CSV file (plain or gzipped), an NPZ file or a folder of IDX files. A file's format
/// comes from its first bytes (or `--format`), not its name, and a stream (a pipe,
/// `/dev/stdin`, `<(zcat data.csv.gz)`) is read once.
struct DatasetChoice {
    static let bundled = ["digits", "breast-cancer", "diabetes"]

    /// The training and test parts. Data sets that come with a test part (Fashion-MNIST, IDX
    /// folders) keep it; the others are split with `testFraction` (stratified for classes).
    static func load(
        _ name: String, labelColumns: [String], dataDirectory: String?, testFraction: Float, seed: UInt64,
        format: InputFormat? = nil
    ) throws -> (train: Dataset, test: Dataset) {
        func split(_ data: Dataset) throws -> (train: Dataset, test: Dataset) {
            guard testFraction > 0, testFraction < 1 else {
                throw InputError("--test-fraction must be between 0 and 1, got \(testFraction)")
            }
            guard data.count >= 2 else { throw InputError("\(shortened(name)) has \(data.count) sample(s): too few to split") }
            return data.split(testFraction: testFraction, seed: seed)
        }
        switch name.lowercased() {
        case "digits": return try split(Datasets.digits())
        case "breast-cancer", "breast_cancer": return try split(Datasets.breastCancer())
        case "diabetes": return try split(Datasets.diabetes())
        case "fashion-mnist", "fashion_mnist", "fashionmnist": return try Datasets.fashionMNIST(directory: dataDirectory)
        default: break
        }
        switch try InputPath.kind(of: name, whatIsWanted: wanted) {
        case .folder:
            guard format == nil || format == .idx else {
                throw InputError("\(quoted(name)) is a folder; --format \(format!.rawValue) needs a file")
            }
            try InputPath.requireIDXFiles(in: name)
            return try Datasets.idxFolder(name)
        case .file:
            guard let found = try format ?? InputFormat.detect(path: name) else { throw binaryData(name) }
            return try load(name, as: found, labelColumns: labelColumns, split: split)
        case .stream:
            return try SpooledInput.reading(name, format: format) { path, format in
                try load(path, as: format, labelColumns: labelColumns, split: split)
            }
        }
    }

    /// What `--dataset` takes, for messages.
    static var wanted: String {
        "one of \((bundled + ["fashion-mnist"]).joined(separator: ", ")), or the path of a CSV file, an NPZ file or a folder of IDX files"
    }

    private static func load(
        _ path: String, as format: InputFormat, labelColumns: [String], split: (Dataset) throws -> (train: Dataset, test: Dataset)
    ) throws -> (train: Dataset, test: Dataset) {
        switch format {
        case .csv: return try split(CSV.load(path, labelColumns: labelColumns))
        case .npz: return try split(NPZ.loadDataset(path))
        case .npy:
            throw InputError(
                "\(quoted(path)) is one NPY array, not a data set: give its labels with --labels (plexus train), or an NPZ file with features and labels (x and y), or a CSV file"
            )
        case .idx:
            throw InputError("\(quoted(path)) is one IDX file: give the folder that holds the four IDX files of a data set")
        }
    }

    private static func binaryData(_ name: String) -> InputError {
        InputError("\(quoted(name)) holds binary data that is not CSV, NPZ, NPY or IDX (use --format to say which it is)")
    }
}
