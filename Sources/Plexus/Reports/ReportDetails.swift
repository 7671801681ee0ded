/// What a report says about a run beyond the model and its history: where the data came
/// from, how the classes are named, how a sample is drawn, and how to repeat the run.
///
/// ```swift
/// var details = ReportDetails(title: "Digits, 40 epochs")
/// details.dataset = "digits"
/// details.credit = Datasets.credits.first { $0.name == "digits" }
/// details.imageShape = [8, 8]
/// ```
public struct ReportDetails: Sendable {
    /// The heading of the report.
    public var title: String
    /// The data set's name.
    public var dataset: String?
    /// Who made the data set and its license, shown as its credit line.
    public var credit: DatasetCredit?
    /// The class names, in class-index order (default: the model's label encoding).
    public var classNames: [String]?
    /// The features' names (columns of a table), shown with the mistakes of a table.
    public var featureNames: [String]?
    /// The shape of one sample as an image (`[8, 8]`, `[28, 28, 1]`): the mistakes are then
    /// drawn; nil for tables.
    public var imageShape: [Int]?
    /// Further settings of the run, in order (name, value): the command line's options.
    public var settings: [(name: String, value: String)]
    /// The command that made the run, to repeat it.
    public var command: String?
    /// The run's whole wall-clock time in seconds, when measured outside ``History``.
    public var totalSeconds: Double?

    /// Details with only a title; set the rest as the run has them.
    public init(title: String = "Plexus training report") {
        self.title = title
        settings = []
    }
}
