import Foundation

/// The one-file HTML report of a training run (``History/writeReport(to:model:test:details:)``):
/// a page with its style sheet inline and its charts as inline SVG, so it opens in any
/// browser, loads nothing from the network and prints as it shows.
enum HTMLReport {
    /// The whole page.
    static func page(_ report: RunReport, written date: Date = Date()) -> String {
        var body = header(report, date: date)
        body += runSection(report)
        body += modelSection(report)
        body += trainingSection(report)
        body += testSection(report)
        body += regressionSection(report)
        body += timingSection(report)
        body += reproduceSection(report)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Plexus">
            <title>\(HTMLText.escaped(report.details.title))</title>
            <style>
            \(HTMLReportStyle.css)
            </style>
            </head>
            <body>
            <main>
            \(body)
            <footer>Written by Plexus. Everything on this page is in this one file; it loads nothing from elsewhere.</footer>
            </main>
            </body>
            </html>

            """
    }

    /// The title, what was trained on what, and the headline numbers.
    static func header(_ report: RunReport, date: Date) -> String {
        let history = report.history
        var facts: [String] = []
        if let dataset = report.details.dataset { facts.append(dataset) }
        if let task = report.task { facts.append(task.description) }
        facts.append("\(history.epochs.count) epoch\(history.epochs.count == 1 ? "" : "s")")
        var out = "<header>\n<h1>\(HTMLText.escaped(report.details.title))</h1>\n"
        out += "<p class=\"lead\">\(HTMLText.escaped(facts.joined(separator: " · ")))</p>\n"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        out += "<p class=\"muted\">Written \(HTMLText.escaped(formatter.string(from: date))) UTC</p>\n"
        var tiles: [(String, String)] = []
        if let confusion = report.confusion { tiles.append(("test accuracy", HTMLText.score(confusion.accuracy))) }
        if let loss = report.testScores["loss"] { tiles.append(("test loss", HTMLText.score(loss))) }
        if let regression = report.regression {
            tiles.append(("test R²", HTMLText.score(RunReport.rSquared(regression.truth, regression.predicted))))
        }
        if let last = history["loss"].last { tiles.append(("final training loss", HTMLText.score(last))) }
        if let last = history["val_loss"].last { tiles.append(("final validation loss", HTMLText.score(last))) }
        if let seconds = report.trainingSeconds { tiles.append(("training time", HTMLText.seconds(seconds))) }
        if !tiles.isEmpty {
            out +=
                "<div class=\"headline\">"
                + tiles.map { "<div><span>\(HTMLText.escaped($0.0))</span><b>\(HTMLText.escaped($0.1))</b></div>" }.joined() + "</div>\n"
        }
        return out + "</header>\n"
    }

    /// The settings of the run and the data set, with its credit line.
    static func runSection(_ report: RunReport) -> String {
        let history = report.history
        var rows: [(String, String)] = []
        if let dataset = report.details.dataset { rows.append(("data set", dataset)) }
        if let task = report.task { rows.append(("task", task.description)) }
        rows.append(("training samples", HTMLText.count(history.trainingSamples)))
        if history.validationSamples > 0 { rows.append(("validation samples", HTMLText.count(history.validationSamples))) }
        if report.testCount > 0 { rows.append(("test samples", HTMLText.count(report.testCount))) }
        rows.append(("epochs", "\(history.epochs.count)" + (history.epochs.first.map { $0 > 0 ? " (from epoch \($0 + 1))" : "" } ?? "")))
        if history.batchSize > 0 { rows.append(("batch size", "\(history.batchSize)")) }
        rows.append(("loss", report.lossName))
        rows.append(("optimizer", report.optimizerName))
        if let rate = report.learningRate {
            rows.append(
                (
                    "learning rate",
                    history.learningRateChanged
                        ? "\(HTMLText.score(history.learningRates.first ?? rate)) → \(HTMLText.score(history.learningRates.last ?? rate)) (scheduled)"
                        : "\(rate)"
                ))
        }
        rows.append(("seed", "\(report.seed)"))
        rows += report.details.settings.map { ($0.name, $0.value) }
        var out = "<section id=\"run\">\n<h2>Run and data</h2>\n<table class=\"kv\">\n"
        out += rows.map { "<tr><th>\(HTMLText.escaped($0.0))</th><td>\(HTMLText.escaped($0.1))</td></tr>\n" }.joined()
        out += "</table>\n"
        if let credit = report.details.credit {
            out += "<p class=\"credit\">Data: \(HTMLText.escaped(credit.description))</p>\n"
        }
        return out + "</section>\n"
    }

    /// The model summary, as `summary()` prints it.
    static func modelSection(_ report: RunReport) -> String {
        "<section id=\"model\">\n<h2>Model</h2>\n<pre class=\"summary\">\(HTMLText.escaped(report.modelSummary))</pre>\n</section>\n"
    }
}
