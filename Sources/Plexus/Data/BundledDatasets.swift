/// Real data sets to learn on: three small ones bundled with Plexus (no download needed) and
/// Fashion-MNIST when it is installed.
///
/// ```swift
/// let digits = try Datasets.digits()
/// let (train, test) = digits.split(testFraction: 0.2, seed: 42)
/// ```
///
/// See ``credits`` for their authors and licenses.
public enum Datasets {
    /// Handwritten digits: 1797 grey images of 8x8 pixels, values 0...16, labels 0–9
    /// (UCI "Optical Recognition of Handwritten Digits", its test set, 43 writers).
    ///
    /// ```swift
    /// let digits = try Datasets.digits()   // features [1797, 64], labels [1797], imageShape [8, 8, 1]
    /// ```
    ///
    /// Each sample is a row of 64 pixels, row by row; reshape one to ``Dataset/imageShape``
    /// (`[8, 8, 1]`) to draw it or feed a convolution. The feature names are
    /// `pixel_<row>_<column>`, the class names `"0"` to `"9"`.
    /// - Throws: ``DataError`` when the bundled file is missing or damaged.
    public static func digits() throws -> Dataset {
        let file = "digits.csv.gz"
        let bytes = try FileBytes.readMaybeGzipped(try BundledResources.path(of: file, dataset: "digits"), name: file)
        let table = try CSV.readMatrix(bytes, name: file, separator: .byte(UInt8(ascii: ",")))
        try expect(table, rows: 1797, columns: 65, file: file)
        let (features, labels) = splitLastColumn(table)
        try expectLabels(labels, in: 0...9, file: file)
        return Dataset(
            name: "digits",
            features: Tensor(shape: [table.rows, 64], scalars: features),
            labels: Tensor(labels),
            featureNames: (0..<8).flatMap { row in (0..<8).map { column in "pixel_\(row)_\(column)" } },
            classNames: (0...9).map(String.init),
            imageShape: [8, 8, 1])
    }

    /// Breast cancer diagnosis (Wisconsin diagnostic): 569 tumours described by 30
    /// measurements of their cell nuclei, labelled 0 = malignant (212), 1 = benign (357).
    ///
    /// ```swift
    /// let cancer = try Datasets.breastCancer()   // features [569, 30], labels [569] in {0, 1}
    /// ```
    ///
    /// The features have very different scales (areas in the hundreds, smoothness around
    /// 0.1): standardise them (``Normalization``) before training.
    /// - Throws: ``DataError`` when the bundled file is missing or damaged.
    public static func breastCancer() throws -> Dataset {
        let file = "breast_cancer.csv"
        let bytes = try FileBytes.readMaybeGzipped(try BundledResources.path(of: file, dataset: "breast cancer"), name: file)
        // The first line is not column names but "rows,features,class 0,class 1".
        let firstBreak = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let header = String(decoding: bytes[..<firstBreak], as: UTF8.self).trimmingBlanks
            .split(separator: ",").map { String($0).trimmingBlanks.replacingCarriageReturn }
        guard header.count == 4, let rows = Int(header[0]), let columns = Int(header[1]) else {
            throw DataError(
                .malformed, file: file,
                "\(file): the bundled data set is damaged: its first line should be \"569,30,malignant,benign\", found \"\(header.joined(separator: ","))\""
            )
        }
        let table = try CSV.readMatrix(Array(bytes[min(firstBreak + 1, bytes.count)...]), name: file, separator: .byte(UInt8(ascii: ",")))
        try expect(table, rows: rows, columns: columns + 1, file: file)
        let (features, labels) = splitLastColumn(table)
        try expectLabels(labels, in: 0...1, file: file)
        return Dataset(
            name: "breast cancer",
            features: Tensor(shape: [rows, columns], scalars: features),
            labels: Tensor(labels),
            featureNames: columns == breastCancerFeatureNames.count ? breastCancerFeatureNames : nil,
            classNames: Array(header[2...3]))
    }

    /// The names of the breast cancer data set's 30 features: the mean, the standard error
    /// and the worst (largest) value of ten measurements of the cell nuclei in an image.
    static let breastCancerFeatureNames: [String] = {
        let measurements = [
            "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
            "concave points", "symmetry", "fractal dimension",
        ]
        return measurements.map { "mean \($0)" } + measurements.map { "\($0) error" } + measurements.map { "worst \($0)" }
    }()

    /// Diabetes progression: 442 patients, 10 baseline measurements (age, sex, body mass
    /// index, blood pressure and six blood serum values s1–s6, unscaled), and a number that
    /// measures the disease's progression one year later (25 to 346): a regression task.
    ///
    /// ```swift
    /// let diabetes = try Datasets.diabetes()   // features [442, 10], labels [442]
    /// ```
    /// - Throws: ``DataError`` when a bundled file is missing or damaged.
    public static func diabetes() throws -> Dataset {
        let dataFile = "diabetes_data_raw.csv.gz", targetFile = "diabetes_target.csv.gz"
        let dataBytes = try FileBytes.readMaybeGzipped(try BundledResources.path(of: dataFile, dataset: "diabetes"), name: dataFile)
        let targetBytes = try FileBytes.readMaybeGzipped(try BundledResources.path(of: targetFile, dataset: "diabetes"), name: targetFile)
        let data = try CSV.readMatrix(dataBytes, name: dataFile, separator: .whitespace)
        let target = try CSV.readMatrix(targetBytes, name: targetFile, separator: .whitespace)
        try expect(data, rows: 442, columns: 10, file: dataFile)
        try expect(target, rows: 442, columns: 1, file: targetFile)
        return Dataset(
            name: "diabetes",
            features: Tensor(shape: [442, 10], scalars: data.values),
            labels: Tensor(target.values),
            featureNames: ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
    }

    private static func expect(_ table: (rows: Int, columns: Int, values: [Float]), rows: Int, columns: Int, file: String) throws {
        guard table.rows == rows, table.columns == columns else {
            throw DataError(
                .malformed, file: file,
                "\(file): the bundled data set is damaged: expected \(rows) rows of \(columns) numbers, found \(table.rows) rows of \(table.columns)"
            )
        }
    }

    private static func expectLabels(_ labels: [Float], in range: ClosedRange<Float>, file: String) throws {
        if let bad = labels.firstIndex(where: { !range.contains($0) || $0 != $0.rounded() }) {
            throw DataError(
                .malformed, file: file,
                "\(file): the bundled data set is damaged: the label of row \(bad + 1) is \(labels[bad]), not a class in \(Int(range.lowerBound))...\(Int(range.upperBound))"
            )
        }
    }

    /// The table without its last column, and that column.
    private static func splitLastColumn(_ table: (rows: Int, columns: Int, values: [Float])) -> (features: [Float], labels: [Float]) {
        var features: [Float] = []
        features.reserveCapacity(table.rows * (table.columns - 1))
        var labels: [Float] = []
        labels.reserveCapacity(table.rows)
        for row in 0..<table.rows {
            let start = row * table.columns
            features.append(contentsOf: table.values[start..<(start + table.columns - 1)])
            labels.append(table.values[start + table.columns - 1])
        }
        return (features, labels)
    }
}

extension String {
    fileprivate var replacingCarriageReturn: String {
        hasSuffix("\r") ? String(dropLast()) : self
    }
}
