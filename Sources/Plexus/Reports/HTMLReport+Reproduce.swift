import Foundation

extension HTMLReport {
    /// Seconds per epoch and samples per second.
    static func timingSection(_ report: RunReport) -> String {
        let history = report.history
        let seconds = history.epochSeconds.filter(\.isFinite)
        guard !seconds.isEmpty || report.details.totalSeconds != nil else { return "" }
        var rows: [(String, String)] = []
        if !seconds.isEmpty {
            let total = seconds.reduce(0, +), mean = total / Double(seconds.count)
            rows.append(("time in the epochs", HTMLText.seconds(total)))
            rows.append(
                (
                    "seconds per epoch",
                    "\(HTMLText.seconds(mean)) on average (fastest \(HTMLText.seconds(seconds.min() ?? mean)), slowest \(HTMLText.seconds(seconds.max() ?? mean)))"
                ))
            if mean > 0, history.trainingSamples > 0 {
                rows.append(
                    (
                        "training samples per second",
                        HTMLText.count(Int((Double(history.trainingSamples) / mean).rounded()))
                            + (history.validationSamples > 0 ? " (validation included in the time)" : "")
                    ))
            }
        }
        if let total = report.details.totalSeconds { rows.append(("whole run", HTMLText.seconds(total))) }
        var out = "<section id=\"timing\">\n<h2>Timing</h2>\n<table class=\"kv\">\n"
        out += rows.map { "<tr><th>\(HTMLText.escaped($0.0))</th><td>\(HTMLText.escaped($0.1))</td></tr>\n" }.joined()
        out += "</table>\n"
        if seconds.count > 1 {
            let chart = Chart(
                title: "Seconds per epoch", x: ChartAxis("epoch"), y: ChartAxis("seconds"),
                series: [ChartSeries("seconds", values: seconds, firstX: Double((history.epochs.first ?? 0) + 1))])
            out += "<div class=\"charts narrow\"><figure>\(chart.svg(width: 640, height: 240))</figure></div>\n"
        }
        return out + "</section>\n"
    }

    /// What it takes to repeat the run: the seed, the command, the versions.
    static func reproduceSection(_ report: RunReport) -> String {
        var rows: [(String, String)] = [("seed", "\(report.seed)")]
        if let command = report.details.command { rows.append(("command", command)) }
        rows.append(("Plexus", "\(PlexusVersion.current) (model file format \(ModelArchive.formatVersion))"))
        rows.append(("Swift", swiftVersion))
        rows.append(("matrix backend", MatmulBackend.default.description))
        rows.append(("system", ProcessInfo.processInfo.operatingSystemVersionString))
        var out = "<section id=\"reproduce\">\n<h2>Reproduce</h2>\n"
        out +=
            "<p class=\"muted\">The same seed, data and settings give the same run, bit for bit, on the same machine and matrix backend.</p>\n<table class=\"kv\">\n"
        out += rows.map { "<tr><th>\(HTMLText.escaped($0.0))</th><td><code>\(HTMLText.escaped($0.1))</code></td></tr>\n" }.joined()
        return out + "</table>\n</section>\n"
    }

    /// The language version the library was compiled with.
    static var swiftVersion: String {
        #if compiler(>=6.3)
            return "6.3 or later"
        #elseif compiler(>=6.2)
            return "6.2"
        #elseif compiler(>=6.1)
            return "6.1"
        #else
            return "6.0"
        #endif
    }
}
