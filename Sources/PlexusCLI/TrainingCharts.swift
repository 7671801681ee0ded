import Foundation
import Plexus

/// The loss curves `plexus train` draws in the terminal under its results: training and
/// validation loss per epoch as a braille line chart, each series in its own colour.
enum TrainingCharts {
    /// The chart's lines; none for fewer than two epochs (a single point is no curve).
    static func lines(_ history: History, width: Int) -> [String] {
        let loss = history["loss"], validation = history["val_loss"]
        guard loss.count >= 2 else { return [] }
        let firstX = Double((history.epochs.first ?? 0) + 1)
        var series = [ChartSeries("training loss", values: loss, firstX: firstX)]
        if !validation.isEmpty { series.append(ChartSeries("validation loss", values: validation, firstX: firstX)) }
        let chart = Chart(title: "loss per epoch", x: ChartAxis("epoch"), y: ChartAxis(""), series: series)
        let plotWidth = Swift.max(20, Swift.min(width - 12, 64))
        return chart.terminalLines(width: plotWidth, height: 8, style: .colouredBraille)
    }

    /// The terminal's width in columns: from the terminal itself, else `$COLUMNS`, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }
}
