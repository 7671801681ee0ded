import Foundation
import Plexus

/// What `plexus train --report` and `plexus report` tell a report about the data and the run.
enum ReportDetailsChoice {
    /// The details of a run on `data` (the training or test part of the chosen data set).
    static func details(title: String, data: Dataset, settings: [(name: String, value: String)], seconds: Double?) -> ReportDetails {
        var details = ReportDetails(title: title)
        details.dataset = data.name
        details.credit = credit(of: data.name)
        details.classNames = data.classNames
        details.featureNames = data.featureNames
        details.imageShape = data.imageShape
        details.settings = settings
        details.command = (["plexus"] + CommandLine.arguments.dropFirst()).map(quotedForShell).joined(separator: " ")
        details.totalSeconds = seconds
        return details
    }

    /// The credit of a bundled or known data set, matched by name ("breast-cancer" is
    /// "breast cancer", "fashion-mnist" is "Fashion-MNIST"); nil for the user's own files.
    static func credit(of name: String) -> DatasetCredit? {
        func key(_ text: String) -> String { text.lowercased().filter { $0.isLetter || $0.isNumber } }
        return Datasets.credits.first { key($0.name) == key(name) }
    }

    /// A shell word: as it is when plain, else in single quotes.
    static func quotedForShell(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
