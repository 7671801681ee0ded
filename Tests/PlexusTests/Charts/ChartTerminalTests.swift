import Testing
@testable import Plexus

@Suite struct ChartTerminalTests {
    static let chart = Chart(
        title: "Loss", x: ChartAxis("epoch"), y: ChartAxis("loss"),
        series: [
            ChartSeries("training", values: [3.0, 2, 1.5, 1, 0.5], firstX: 1),
            ChartSeries("validation", values: [3.5, 2.2, 1.7, 1.4, 1.3], firstX: 1),
        ])

    /// The rows of the plot area: the lines with an axis mark, without the label column.
    static func plotRows(_ lines: [String], mark: (Character, Character)) -> [String] {
        lines.compactMap { line in
            guard let index = line.firstIndex(where: { $0 == mark.0 || $0 == mark.1 }) else { return nil }
            return String(line[line.index(after: index)...])
        }
    }

    @Test(arguments: [TerminalChartStyle.braille, .ascii])
    func hasTheAskedDimensions(style: TerminalChartStyle) {
        let lines = ChartTerminalTests.chart.terminalLines(width: 40, height: 8, style: style)
        let rows = ChartTerminalTests.plotRows(lines, mark: style == .ascii ? ("|", "+") : ("│", "┤"))
        #expect(rows.count == 8 + (style == .ascii ? 1 : 0))  // ASCII's axis corner is a "+" too
        for row in rows.prefix(8) { #expect(row.count == 40) }
        // Title, y title, 8 rows, axis, x labels, legend.
        #expect(lines.count == 13)
        #expect(lines.last?.contains("training") == true && lines.last?.contains("validation") == true)
    }

    @Test func maximumLandsOnTheTopRowAndMinimumOnTheBottom() {
        let lines = ChartTerminalTests.chart.terminalLines(width: 30, height: 6, style: .braille)
        let rows = ChartTerminalTests.plotRows(lines, mark: ("│", "┤"))
        #expect(rows.count == 6)
        // 3.5 is validation's first point: the first column of the top row.
        #expect(rows[0].first != " ")
        #expect(rows[5].last != " ")  // 0.5, training's last point
        #expect(lines[2].hasPrefix("3.5"))
        #expect(lines[7].hasPrefix("0.5"))
    }

    @Test func asciiHasOnlyASCII() {
        let lines = ChartTerminalTests.chart.terminalLines(width: 30, height: 6, style: .ascii)
        for line in lines {
            let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }
            #expect(ascii)
        }
        let rows = ChartTerminalTests.plotRows(lines, mark: ("|", "+"))
        #expect(rows[0].first == "o")  // validation's mark at its maximum
        #expect(rows[5].last == "*")  // training's at its minimum
    }

    @Test func emptyConstantAndNonFiniteSeriesDoNotCrash() {
        let charts = [
            Chart(x: ChartAxis(), y: ChartAxis(), series: []),
            Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("flat", values: [2.0, 2, 2])]),
            Chart(x: ChartAxis(), y: ChartAxis(logScale: true), series: [ChartSeries("s", values: [0, -1, .nan, .infinity])]),
            Chart(
                x: ChartAxis(range: 0...1), y: ChartAxis(range: 0...1),
                series: [ChartSeries("far", xy: [(-1e300, 1e300), (1e300, -1e300)])]),
        ]
        for chart in charts {
            for style in [TerminalChartStyle.braille, .colouredBraille, .ascii] {
                let lines = chart.terminalLines(width: 20, height: 4, style: style)
                #expect(lines.count >= 6)
            }
        }
    }

    @Test func sparklineSpansTheLevels() {
        #expect(Sparkline.render([1.0, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([3.0, 3, 3]).count == 3)
        #expect(Sparkline.render([1.0, .nan, 2]) == "▁ █")
        #expect(Sparkline.render([Double]()) == "")
        #expect(Sparkline.render([0.0, 1], ascii: true) == "_#")
        #expect(Sparkline.render((0..<1000).map(Double.init), maximumWidth: 50).count == 50)
    }
}
