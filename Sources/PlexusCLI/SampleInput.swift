import Foundation
import Plexus

/// Samples from a file the user names (`--input` of `predict` and `evaluate`): a CSV file
/// (header optional), a .npy or an IDX file, plain or gzipped, or a stream such as standard input.
enum SampleInput {
    /// The raw samples of `input` (`-` is standard input), leaving out the CSV columns `skipped`.
    static func read(_ input: String, format: InputFormat?, skipping skipped: [String] = []) throws -> Tensor {
        let source = input == "-" ? "/dev/stdin" : input
        let contents: FeatureTable.Contents
        switch try InputPath.kind(of: source, whatIsWanted: "a CSV, NPY or IDX file") {
        case .folder: throw InputError("\(quoted(input)) is a folder; give a CSV, NPY or IDX file")
        case .file: contents = try FeatureTable.read(source, skippingColumns: skipped, format: try tableFormat(format))
        case .stream:
            // Copied once, capped: an endless or binary stream stops early.
            contents = try SpooledInput.reading(source, format: format) { path, _ in
                // The table finds the format itself, inside gzip too.
                try FeatureTable.read(path, skippingColumns: skipped, format: try tableFormat(format))
            }
        }
        if contents.format == .csv && contents.columnNames == nil {
            printToStandardError(
                "note: \(shortened(input)) has no header line (its first line is numbers), so that line is read as the first sample")
        }
        return contents.samples
    }

    private static func tableFormat(_ format: InputFormat?) throws -> FeatureTable.Format? {
        guard let format else { return nil }
        guard let chosen = FeatureTable.Format(rawValue: format.rawValue) else {
            throw InputError("samples are read from csv, npy or idx files, not \(format.rawValue)")
        }
        return chosen
    }
}
