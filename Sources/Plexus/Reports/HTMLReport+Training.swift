extension HTMLReport {
    /// Loss and every metric per epoch, training and validation, as line charts (the loss
    /// twice, linear and logarithmic, switched by a checkbox and CSS alone); the learning rate
    /// when a schedule changed it; and the numbers in a table that folds open.
    static func trainingSection(_ report: RunReport) -> String {
        let history = report.history
        guard !history.epochs.isEmpty else {
            return "<section id=\"training\">\n<h2>Training</h2>\n<p class=\"muted\">No epochs were run.</p>\n</section>\n"
        }
        let firstX = Double((history.epochs.first ?? 0) + 1)
        func series(_ name: String) -> [ChartSeries] {
            var all = [ChartSeries("training", values: history[name], firstX: firstX)]
            if !history["val_" + name].isEmpty { all.append(ChartSeries("validation", values: history["val_" + name], firstX: firstX)) }
            return all
        }
        let lossSeries = series("loss")
        let positive = lossSeries.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        var out = "<section id=\"training\">\n<h2>Training</h2>\n"
        if positive {
            out +=
                "<input type=\"checkbox\" id=\"log-loss\" class=\"toggle\"><label class=\"toggle\" for=\"log-loss\">Logarithmic loss axis</label>\n"
        }
        out += "<div class=\"charts\">\n"
        let lossChart = Chart(title: "Loss (\(report.lossName))", x: ChartAxis("epoch"), y: ChartAxis("loss"), series: lossSeries)
        out += "<figure class=\"loss-linear\">\(lossChart.svg(width: 540, height: 320))</figure>\n"
        if positive {
            var logChart = lossChart
            logChart.title = "Loss (\(report.lossName), logarithmic axis)"
            logChart.y.logScale = true
            out += "<figure class=\"loss-log\">\(logChart.svg(width: 540, height: 320))</figure>\n"
        }
        for name in report.metricNames {
            let chart = Chart(title: metricTitle(name), x: ChartAxis("epoch"), y: ChartAxis(name), series: series(name))
            out += "<figure>\(chart.svg(width: 540, height: 320))</figure>\n"
        }
        if history.learningRateChanged {
            let chart = Chart(
                title: "Learning rate", x: ChartAxis("epoch"), y: ChartAxis("learning rate"),
                series: [ChartSeries("learning rate", values: history.learningRates, firstX: firstX)])
            out += "<figure>\(chart.svg(width: 540, height: 320))</figure>\n"
        }
        out += "</div>\n"
        out += epochTable(report)
        return out + "</section>\n"
    }

    /// "accuracy" → "Accuracy", "mean_absolute_error" → "Mean absolute error".
    static func metricTitle(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Every epoch's numbers.
    static func epochTable(_ report: RunReport) -> String {
        let history = report.history
        let names = history.names
        let showRate = !history.learningRates.isEmpty
        let showTime = history.epochSeconds.count == history.epochs.count
        var out = "<details>\n<summary>The numbers of every epoch</summary>\n<table>\n<tr><th>epoch</th>"
        out += names.map { "<th class=\"num\">\(HTMLText.escaped($0))</th>" }.joined()
        if showRate { out += "<th class=\"num\">learning rate</th>" }
        if showTime { out += "<th class=\"num\">seconds</th>" }
        out += "</tr>\n"
        for (row, epoch) in history.epochs.enumerated() {
            out += "<tr><td>\(epoch + 1)</td>"
            out += names.map { "<td class=\"num\">\(HTMLText.score(history[$0][row]))</td>" }.joined()
            if showRate { out += "<td class=\"num\">\(HTMLText.score(history.learningRates[row]))</td>" }
            if showTime { out += "<td class=\"num\">\(HTMLText.seconds(history.epochSeconds[row]))</td>" }
            out += "</tr>\n"
        }
        return out + "</table>\n</details>\n"
    }
}
