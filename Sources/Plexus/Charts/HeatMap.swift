/// A grid of counts drawn as shaded cells with the count written in each: a confusion matrix
/// (rows the true class, columns the predicted one) or any table of counts.
///
/// ```swift
/// let map = HeatMap(counts: confusion.counts, labels: classNames)
/// html += map.svg()
/// ```
///
/// Each cell is shaded by its share of its row (for a confusion matrix, the fraction of a
/// class's examples predicted as that column), in one hue whose lightness falls steadily, so
/// the picture reads the same in grey-scale print and to colour-blind readers.
public struct HeatMap: Sendable, Equatable {
    /// The title above the grid; empty for none.
    public var title: String
    /// The counts, row by row; missing cells of a ragged row count as zero.
    public var counts: [[Int]]
    /// The name of each row (missing ones are numbered from 0).
    public var rowLabels: [String]
    /// The name of each column (missing ones are numbered from 0).
    public var columnLabels: [String]
    /// What the rows are ("true").
    public var rowTitle: String
    /// What the columns are ("predicted").
    public var columnTitle: String

    /// A heat map of `counts`; `labels` names both the rows and the columns, as in a confusion
    /// matrix.
    public init(
        title: String = "Confusion matrix", counts: [[Int]], labels: [String] = [],
        rowTitle: String = "true", columnTitle: String = "predicted"
    ) {
        self.init(title: title, counts: counts, rowLabels: labels, columnLabels: labels, rowTitle: rowTitle, columnTitle: columnTitle)
    }

    /// A heat map of `counts` with separate row and column names.
    public init(
        title: String, counts: [[Int]], rowLabels: [String], columnLabels: [String], rowTitle: String, columnTitle: String
    ) {
        self.title = title
        self.counts = counts
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
    }

    /// The heat map as a self-contained SVG picture with cells `cellSize` pixels square: one
    /// `<rect class="cell">` and one count per cell, row and column names, and axis titles.
    public func svg(cellSize: Int = 36) -> String {
        let rows = counts.count, columns = counts.map(\.count).max() ?? 0
        let cell = Double(Swift.max(cellSize, 12))
        let rowNames = (0..<rows).map { $0 < rowLabels.count ? String(rowLabels[$0].prefix(24)) : "\($0)" }
        let columnNames = (0..<columns).map { $0 < columnLabels.count ? String(columnLabels[$0].prefix(24)) : "\($0)" }
        let left = 40 + Double(rowNames.map(\.count).max() ?? 1) * 7
        let top = (title.isEmpty ? 12.0 : 36.0) + 34
        let width = Int(left + Double(columns) * cell + 16), height = Int(top + Double(rows) * cell + 16)
        let n = SVGMarkup.number
        var out = SVGMarkup.open(
            width: Swift.max(width, 120), height: height, title: title.isEmpty ? "heat map" : title, className: "plexus-heatmap")
        if !title.isEmpty {
            out += SVGMarkup.text(title, x: Double(Swift.max(width, 120)) / 2, y: 20, extra: "font-size=\"15\" font-weight=\"bold\"")
        }
        out += SVGMarkup.text(columnTitle, x: left + Double(columns) * cell / 2, y: top - 24, extra: "class=\"axis-title x\"")
        let rowTitleY = top + Double(rows) * cell / 2
        out += SVGMarkup.text(rowTitle, x: 14, y: rowTitleY, extra: "class=\"axis-title y\" transform=\"rotate(-90 14 \(n(rowTitleY)))\"")
        for (index, name) in columnNames.enumerated() {
            out += SVGMarkup.text(name, x: left + (Double(index) + 0.5) * cell, y: top - 6, extra: "class=\"label column\"")
        }
        for (row, name) in rowNames.enumerated() {
            out += SVGMarkup.text(name, x: left - 6, y: top + (Double(row) + 0.5) * cell + 4, anchor: "end", extra: "class=\"label row\"")
            let total = counts[row].reduce(0) { $0 + Swift.max($1, 0) }
            for column in 0..<columns {
                let count = column < counts[row].count ? counts[row][column] : 0
                let share = total > 0 ? Double(Swift.max(count, 0)) / Double(total) : 0
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                out +=
                    "<rect class=\"cell\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cell))\" height=\"\(n(cell))\" "
                    + "fill=\"\(HeatMap.shade(share))\" stroke=\"#ffffff\"/>\n"
                out += SVGMarkup.text(
                    "\(count)", x: x + cell / 2, y: y + cell / 2 + 4,
                    extra: "class=\"count\" fill=\"\(share > 0.5 ? "#ffffff" : "#000000")\"")
            }
        }
        return out + "</svg>\n"
    }

    /// From near-white (0) to dark blue (1), lightness falling evenly.
    static func shade(_ share: Double) -> String {
        let t = Swift.min(1, Swift.max(0, share.isFinite ? share : 0))
        let light: (Double, Double, Double) = (247, 251, 255), dark: (Double, Double, Double) = (8, 48, 107)
        let channel = { (a: Double, b: Double) in Int((a + (b - a) * t).rounded()) }
        let hex = [channel(light.0, dark.0), channel(light.1, dark.1), channel(light.2, dark.2)]
            .map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }
        return "#" + hex.joined()
    }
}
