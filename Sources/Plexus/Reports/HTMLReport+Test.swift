extension HTMLReport {
    /// The test scores; for a classifier the confusion matrix as a heat map, each class's
    /// precision, recall and F1, and the mistakes the model was surest of.
    static func testSection(_ report: RunReport) -> String {
        guard report.testCount > 0 else { return "" }
        var out = "<section id=\"test\">\n<h2>Test results</h2>\n"
        out += "<p>On \(HTMLText.count(report.testCount)) test samples the model never trained on.</p>\n<table class=\"kv\">\n"
        var scores = report.testScores.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let confusion = report.confusion, report.testScores["accuracy"] == nil { scores.insert(("accuracy", confusion.accuracy), at: 0) }
        out += scores.map { "<tr><th>\(HTMLText.escaped($0.0))</th><td class=\"num\">\(HTMLText.score($0.1))</td></tr>\n" }.joined()
        out += "</table>\n"
        if report.scaledTargets {
            out +=
                "<p class=\"muted\">These are in the standardised units the model trained in; the predictions below are in the targets' own units.</p>\n"
        }
        if let confusion = report.confusion {
            out +=
                "<h3>Confusion matrix</h3>\n<p class=\"muted\">Rows: the true class; columns: the class predicted. Each cell counts test samples; its shade is its share of the row.</p>\n"
            let map = HeatMap(title: "", counts: confusion.counts, labels: report.classNames)
            out += "<figure class=\"heatmap\">\(map.svg(cellSize: confusion.classes > 12 ? 24 : 36))</figure>\n"
            out += classTable(report, confusion)
            out += mistakesBlock(report)
        }
        return out + "</section>\n"
    }

    /// Precision, recall, F1 and support per class, with their macro averages.
    static func classTable(_ report: RunReport, _ confusion: ConfusionMatrix) -> String {
        let scores = confusion.classScores
        var out =
            "<h3>Per class</h3>\n<table>\n<tr><th>class</th><th class=\"num\">precision</th><th class=\"num\">recall</th><th class=\"num\">F1</th><th class=\"num\">samples</th></tr>\n"
        for score in scores {
            out +=
                "<tr><td>\(HTMLText.escaped(report.className(score.index)))</td>"
                + [score.precision, score.recall, score.f1].map { "<td class=\"num\">\(HTMLText.score($0))</td>" }.joined()
                + "<td class=\"num\">\(HTMLText.count(score.support))</td></tr>\n"
        }
        let count = Float(Swift.max(scores.count, 1))
        let means = [\ClassScores.precision, \ClassScores.recall, \ClassScores.f1].map { path in
            scores.reduce(0) { $0 + $1[keyPath: path] } / count
        }
        out +=
            "<tr><th>mean over classes</th>" + means.map { "<th class=\"num\">\(HTMLText.score($0))</th>" }.joined()
            + "<th class=\"num\">\(HTMLText.count(report.testCount))</th></tr>\n"
        return out + "</table>\n"
    }

    /// The wrong answers the model was surest of: drawn for images, as rows for tables.
    static func mistakesBlock(_ report: RunReport) -> String {
        guard !report.mistakes.isEmpty else {
            return "<h3>Mistakes</h3>\n<p>None: every test sample was classified right.</p>\n"
        }
        var out =
            "<h3>The most confident mistakes</h3>\n<p class=\"muted\">The test samples the model got wrong while most sure of its answer, surest first, with the probability it gave that answer.</p>\n"
        if let shape = report.details.imageShape, shape.reduce(1, *) > 0 {
            out += "<div class=\"mistakes\">\n"
            for mistake in report.mistakes {
                guard let sample = mistake.sample, sample.count == shape.reduce(1, *) else { continue }
                let caption = "true \(report.className(mistake.truth)), predicted \(report.className(mistake.predicted))"
                // About 96 pixels a side whatever the image's size, drawn at its own scale.
                let pixelSize = Swift.max(1, 96 / Swift.max(shape.first ?? 1, shape.dropFirst().first ?? 1))
                let image = GreyImage.svg(sample.reshaped(shape), pixelSize: pixelSize, title: caption)
                out +=
                    "<figure>\(image)<figcaption>true <b>\(HTMLText.escaped(report.className(mistake.truth)))</b><br>predicted <b>\(HTMLText.escaped(report.className(mistake.predicted)))</b> (\(String(format: "%.2f", Double(mistake.probability))))<br>sample \(mistake.index)</figcaption></figure>\n"
            }
            return out + "</div>\n"
        }
        let width = report.mistakes.first?.sample?.count ?? 0
        let shown = Swift.min(width, 8)
        let names = (0..<shown).map { index -> String in
            guard let names = report.details.featureNames, index < names.count else { return "x\(index)" }
            return names[index]
        }
        out +=
            "<table>\n<tr><th>sample</th><th>true</th><th>predicted</th><th class=\"num\">probability</th>"
            + names.map { "<th class=\"num\">\(HTMLText.escaped($0))</th>" }.joined() + (width > shown ? "<th>…</th>" : "") + "</tr>\n"
        for mistake in report.mistakes {
            let values = mistake.sample?.scalars ?? []
            out +=
                "<tr><td>\(mistake.index)</td><td>\(HTMLText.escaped(report.className(mistake.truth)))</td><td>\(HTMLText.escaped(report.className(mistake.predicted)))</td>"
                + "<td class=\"num\">\(String(format: "%.3f", Double(mistake.probability)))</td>"
                + values.prefix(shown).map { "<td class=\"num\">\(HTMLText.escaped(compact($0)))</td>" }.joined()
                + (width > shown ? "<td>…</td>" : "") + "</tr>\n"
        }
        out += "</table>\n"
        if width > shown { out += "<p class=\"muted\">The first \(shown) of \(width) features.</p>\n" }
        return out
    }

    /// A feature value in few characters.
    static func compact(_ value: Float) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded() && abs(value) < 1e7 { return String(Int(value)) }
        return String(format: "%.4g", Double(value))
    }

    /// A regression's predictions against the truth, and the residuals.
    static func regressionSection(_ report: RunReport) -> String {
        guard let regression = report.regression, !regression.truth.isEmpty else { return "" }
        let residuals = zip(regression.predicted, regression.truth).map { $0 - $1 }
        let squared = residuals.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(residuals.count)
        let absolute = residuals.reduce(0.0) { $0 + Double(abs($1)) } / Double(residuals.count)
        var out = "<section id=\"regression\">\n<h2>Predictions</h2>\n"
        if regression.outputs > 1 { out += "<p class=\"muted\">The first of the model's \(regression.outputs) outputs.</p>\n" }
        out += "<table class=\"kv\">\n"
        out += "<tr><th>mean squared error</th><td class=\"num\">\(HTMLText.score(Float(squared)))</td></tr>\n"
        out += "<tr><th>mean absolute error</th><td class=\"num\">\(HTMLText.score(Float(absolute)))</td></tr>\n"
        out += "<tr><th>R²</th><td class=\"num\">\(HTMLText.score(RunReport.rSquared(regression.truth, regression.predicted)))</td></tr>\n"
        out += "</table>\n<div class=\"charts\">\n"
        out +=
            "<figure>\(Chart.predictedVersusTrue(truth: regression.truth, predicted: regression.predicted).svg(width: 540, height: 320))</figure>\n"
        let residualChart = Chart(
            title: "Residuals (predicted − true)", x: ChartAxis("true"), y: ChartAxis("residual"),
            series: [
                ChartSeries(
                    "residuals", points: zip(regression.truth, residuals).map { ChartPoint(x: Double($0.0), y: Double($0.1)) },
                    style: .points),
                ChartSeries(
                    "zero",
                    points: [
                        ChartPoint(x: Double(regression.truth.min() ?? 0), y: 0), ChartPoint(x: Double(regression.truth.max() ?? 1), y: 0),
                    ]),
            ])
        out += "<figure>\(residualChart.svg(width: 540, height: 320))</figure>\n</div>\n"
        return out + "</section>\n"
    }
}
