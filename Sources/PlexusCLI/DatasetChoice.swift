import Foundation
import Plexus

/// The data set a command works on, from `--dataset`: a bundled name, `fashion-mnist`, or a
/// path to a CSV file, an NPZ file, or a folder of IDX files.
struct DatasetChoice {
    static let bundled = ["digits", "breast-cancer", "diabetes"]

    /// The training and test parts. Data sets that come with a test part (Fashion-MNIST, IDX
    /// folders) keep it; the others are split with `testFraction` (stratified for classes).
    static func load(
        _ name: String, labelColumn: String?, dataDirectory: String?, testFraction: Float, seed: UInt64
    ) throws -> (train: Dataset, test: Dataset) {
        func split(_ data: Dataset) throws -> (train: Dataset, test: Dataset) {
            guard testFraction > 0, testFraction < 1 else {
                throw InputError("--test-fraction must be between 0 and 1, got \(testFraction)")
            }
            guard data.count >= 2 else { throw InputError("\(data.name) has \(data.count) sample(s): too few to split") }
            return data.split(testFraction: testFraction, seed: seed)
        }
        switch name.lowercased() {
        case "digits": return try split(Datasets.digits())
        case "breast-cancer", "breast_cancer": return try split(Datasets.breastCancer())
        case "diabetes": return try split(Datasets.diabetes())
        case "fashion-mnist", "fashion_mnist", "fashionmnist": return try Datasets.fashionMNIST(directory: dataDirectory)
        default: break
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: name, isDirectory: &isFolder) else {
            throw InputError(
                "no data set '\(name)': give one of \((bundled + ["fashion-mnist"]).joined(separator: ", ")), or the path of a CSV file, an NPZ file or a folder of IDX files")
        }
        if isFolder.boolValue { return try Datasets.idxFolder(name) }
        let lower = name.lowercased()
        if lower.hasSuffix(".npz") { return try split(NPZ.loadDataset(name)) }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz") || lower.hasSuffix(".txt") {
            return try split(CSV.load(name, labelColumn: labelColumn))
        }
        throw InputError("'\(name)' is not a data set Plexus reads: use a .csv, .csv.gz or .npz file, or a folder of IDX files")
    }
}
