import Foundation

/// How ``Chart/terminalLines(width:height:style:)`` draws.
public enum TerminalChartStyle: Sendable, Equatable {
    /// Braille dots, 2 by 4 per character: fine lines in any Unicode terminal.
    case braille
    /// Braille dots with each series in its own ANSI colour (for a terminal that shows colour).
    case colouredBraille
    /// Plain ASCII, one mark per character cell (`*`, `o`, `+`, ...), for any terminal or log file.
    case ascii
}

extension Chart {
    /// The chart as lines of text for a terminal: the title, the y-axis title, `height` rows of
    /// plot `width` characters wide with the highest and lowest values labelled on the left,
    /// the x axis with its first and last values, and a legend naming each series.
    ///
    /// The vertical axis spans exactly the data (or the axis's fixed range), so the largest
    /// value lands on the top row and the smallest on the bottom row.
    public func terminalLines(width: Int = 60, height: Int = 10, style: TerminalChartStyle = .braille) -> [String] {
        let width = Swift.min(Swift.max(width, 4), 1000), height = Swift.min(Swift.max(height, 2), 200)
        let points = series.flatMap(\.points)
        let xScale = ChartScale(values: points.map(\.x), axis: x, widen: false)
        let yScale = ChartScale(values: points.map(\.y), axis: y, widen: false)
        var canvas = TerminalCanvas(width: width, height: height, dotted: style != .ascii)
        for (index, one) in series.enumerated() {
            var previous: (Int, Int)?
            for point in one.points {
                guard ChartScale.isShowable(point.x, logScale: false), ChartScale.isShowable(point.y, logScale: yScale.logScale) else {
                    previous = nil
                    continue
                }
                let dot = canvas.dot(x: xScale.fraction(point.x), y: yScale.fraction(point.y))
                if let previous, one.style == .line {
                    canvas.line(from: previous, to: dot, series: index)
                } else {
                    canvas.set(dot, series: index)
                }
                previous = dot
            }
        }
        return frame(canvas.rows(style: style), xScale: xScale, yScale: yScale, style: style, width: width)
    }

    private func frame(_ rows: [String], xScale: ChartScale, yScale: ChartScale, style: TerminalChartStyle, width: Int) -> [String] {
        let value: (ChartScale, Double) -> Double = { scale, fraction in
            let t = scale.low + fraction * (scale.high - scale.low)
            return scale.logScale ? Foundation.pow(10, t) : t
        }
        let unicode = style != .ascii
        var labels = Array(repeating: "", count: rows.count)
        labels[0] = ChartNumberFormat.short(value(yScale, 1))
        labels[rows.count - 1] = ChartNumberFormat.short(value(yScale, 0))
        if rows.count >= 5 {
            labels[(rows.count - 1) / 2] = ChartNumberFormat.short(value(yScale, 1 - Double((rows.count - 1) / 2) / Double(rows.count - 1)))
        }
        let pad = labels.map(\.count).max() ?? 0
        var lines: [String] = []
        if !title.isEmpty { lines.append(String(title.prefix(width + pad + 2))) }
        if !y.title.isEmpty { lines.append(y.title + (y.logScale ? " (log scale)" : "")) }
        for (label, row) in zip(labels, rows) {
            let tick = unicode ? (label.isEmpty ? "│" : "┤") : (label.isEmpty ? "|" : "+")
            lines.append(String(repeating: " ", count: pad - label.count) + label + " " + tick + row)
        }
        let indent = String(repeating: " ", count: pad + 1)
        lines.append(indent + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: width))
        let low = ChartNumberFormat.short(value(xScale, 0)), high = ChartNumberFormat.short(value(xScale, 1))
        let gap = Swift.max(1, width + 1 - low.count - high.count)
        var middle = String(x.title.prefix(Swift.max(0, gap - 2)))
        let before = (gap - middle.count) / 2
        middle = String(repeating: " ", count: before) + middle + String(repeating: " ", count: gap - middle.count - before)
        lines.append(indent + low + middle + high)
        if !series.isEmpty {
            let entries = series.enumerated().map { index, one in
                let mark: String
                switch style {
                case .ascii: mark = String(ChartPalette.asciiMark(index))
                case .braille: mark = "⣿"
                case .colouredBraille: mark = "\u{1B}[\(ChartPalette.terminalColour(index))m⣿\u{1B}[0m"
                }
                return mark + " " + String(one.name.prefix(40))
            }
            lines.append(indent + entries.joined(separator: "   "))
        }
        return lines
    }
}

/// A grid of dots (braille: 2 by 4 per character) or of character cells (ASCII), and which
/// series drew each cell last.
struct TerminalCanvas {
    let width: Int, height: Int, dotted: Bool
    private var bits: [UInt8]
    private var owner: [Int]

    init(width: Int, height: Int, dotted: Bool) {
        self.width = width
        self.height = height
        self.dotted = dotted
        bits = Array(repeating: 0, count: width * height)
        owner = Array(repeating: -1, count: width * height)
    }

    var dotColumns: Int { dotted ? width * 2 : width }
    var dotRows: Int { dotted ? height * 4 : height }

    /// The dot for fractions (`x`, `y`) of the axes; y = 1 is the top row. May lie outside.
    func dot(x: Double, y: Double) -> (Int, Int) {
        let column = (x * Double(dotColumns - 1)).rounded(), row = ((1 - y) * Double(dotRows - 1)).rounded()
        let clamp: (Double) -> Int = { Int(Swift.max(-1e6, Swift.min(1e6, $0))) }
        return (clamp(column), clamp(row))
    }

    mutating func set(_ dot: (Int, Int), series: Int) {
        let (column, row) = dot
        guard column >= 0, column < dotColumns, row >= 0, row < dotRows else { return }
        let cell = dotted ? (row / 4) * width + column / 2 : row * width + column
        if dotted {
            let leftBits: [UInt8] = [0x01, 0x02, 0x04, 0x40], rightBits: [UInt8] = [0x08, 0x10, 0x20, 0x80]
            bits[cell] |= (column % 2 == 0 ? leftBits : rightBits)[row % 4]
        } else {
            bits[cell] = 1
        }
        owner[cell] = series
    }

    /// Dots from `a` to `b` (Bresenham's line), the part inside the canvas.
    mutating func line(from a: (Int, Int), to b: (Int, Int), series: Int) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        var steps = 0
        while steps <= 4 * (dotColumns + dotRows) + dx - dy {  // bounded even for far-off points
            set((x, y), series: series)
            if x == b.0 && y == b.1 { break }
            let twice = 2 * error
            if twice >= dy {
                error += dy
                x += sx
            }
            if twice <= dx {
                error += dx
                y += sy
            }
            steps += 1
        }
    }

    /// A braille character with `bits` raised; a space when none is.
    private func glyph(_ bits: UInt8) -> String {
        bits == 0 ? " " : String(Character(Unicode.Scalar(0x2800 + UInt32(bits))!))
    }

    /// The rows of text.
    func rows(style: TerminalChartStyle) -> [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width {
                let cell = row * width + column
                switch style {
                case .ascii:
                    line.append(owner[cell] < 0 ? " " : ChartPalette.asciiMark(owner[cell]))
                case .braille:
                    line += glyph(bits[cell])
                case .colouredBraille:
                    line += owner[cell] < 0 ? " " : "\u{1B}[\(ChartPalette.terminalColour(owner[cell]))m\(glyph(bits[cell]))\u{1B}[0m"
                }
            }
            return line
        }
    }
}
