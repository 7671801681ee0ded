/// Who made a data set and under what terms it may be used, as its license asks to be credited.
public struct DatasetCredit: Sendable, Equatable, CustomStringConvertible {
    /// The name Plexus uses for it (`Datasets.digits()` → "digits").
    public let name: String
    /// What the data set is and where it comes from.
    public let source: String
    /// Its authors.
    public let authors: String
    /// The license or terms of use.
    public let license: String
    /// Whether the data ship with Plexus (false: installed separately).
    public let bundled: Bool

    /// The credit in one line: name, source, authors, license, and whether it is bundled.
    public var description: String {
        "\(name): \(source). \(authors). License: \(license).\(bundled ? "" : " (Not bundled; installed separately.)")"
    }
}

extension Datasets {
    /// The data sets Plexus offers, with their sources, authors and licenses.
    ///
    /// ```swift
    /// for credit in Datasets.credits { print(credit) }
    /// ```
    public static let credits: [DatasetCredit] = [
        DatasetCredit(
            name: "digits",
            source:
                "UCI Machine Learning Repository, \"Optical Recognition of Handwritten Digits\", its test set (1797 images of 8x8 pixels, 43 writers)",
            authors: "E. Alpaydin, C. Kaynak (1998)",
            license: "CC BY 4.0",
            bundled: true),
        DatasetCredit(
            name: "breast cancer",
            source: "UCI Machine Learning Repository, \"Breast Cancer Wisconsin (Diagnostic)\" (569 samples, 30 features)",
            authors: "W. Street, W. Wolberg, O. Mangasarian (1995)",
            license: "CC BY 4.0",
            bundled: true),
        DatasetCredit(
            name: "diabetes",
            source: "the diabetes data of \"Least Angle Regression\", Annals of Statistics 32(2), 2004 (442 patients, 10 features)",
            authors: "B. Efron, T. Hastie, I. Johnstone, R. Tibshirani",
            license: "published by the authors with the paper; cite the paper when you use it",
            bundled: true),
        DatasetCredit(
            name: "Fashion-MNIST",
            source:
                "Zalando Research, \"Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms\" (70,000 images of 28x28 pixels, 10 classes)",
            authors: "H. Xiao, K. Rasul, R. Vollgraf (2017)",
            license: "MIT",
            bundled: false),
    ]

    /// ``credits`` as text, one data set a line, for a README, a NOTICE file or `plexus`.
    ///
    /// ```swift
    /// print(Datasets.creditsText)
    /// ```
    public static var creditsText: String {
        credits.map { "- \($0)" }.joined(separator: "\n")
    }
}
