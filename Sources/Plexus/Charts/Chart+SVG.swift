import Foundation

extension Chart {
    /// The chart as a self-contained SVG picture `width` by `height` pixels: title, legend,
    /// framed plot with grid lines, tick labels and axis titles, one `<g class="series">` per
    /// series holding a `<path>` per unbroken run of points (a `<circle>` for a lone point or a
    /// ``ChartSeries/Style/points`` series). Nothing is loaded from elsewhere, so it can be
    /// written to a file or put inline in an HTML page.
    public func svg(width: Int = 640, height: Int = 360) -> String {
        let width = Swift.max(width, 160), height = Swift.max(height, 120)
        let layout = SVGChartLayout(chart: self, width: Double(width), height: Double(height))
        var out = SVGMarkup.open(width: width, height: height, title: title.isEmpty ? "chart" : title, className: "plexus-chart")
        if !title.isEmpty {
            out += SVGMarkup.text(title, x: Double(width) / 2, y: 20, extra: "font-size=\"15\" font-weight=\"bold\" class=\"chart-title\"")
        }
        out += layout.legend(series)
        out += layout.axes(xTitle: x.title, yTitle: y.title)
        let clip = "plexus-clip-\(identity)"
        // The clip reaches a marker's radius past the frame, so that a point on the edge shows whole.
        out +=
            "<clipPath id=\"\(clip)\"><rect x=\"\(SVGMarkup.number(layout.left - 4))\" y=\"\(SVGMarkup.number(layout.top - 4))\" "
            + "width=\"\(SVGMarkup.number(layout.plotWidth + 8))\" height=\"\(SVGMarkup.number(layout.plotHeight + 8))\"/></clipPath>\n"
        for (index, one) in series.enumerated() {
            out +=
                "<g class=\"series\" data-name=\"\(SVGMarkup.escaped(one.name))\" clip-path=\"url(#\(clip))\" "
                + "stroke=\"\(ChartPalette.colour(index))\" fill=\"\(ChartPalette.colour(index))\">\n"
            for run in layout.runs(of: one) {
                if run.count == 1 || one.style == .points {
                    for point in run {
                        out += "<circle cx=\"\(SVGMarkup.number(point.x))\" cy=\"\(SVGMarkup.number(point.y))\" r=\"3\" stroke=\"none\"/>\n"
                    }
                } else {
                    let d = run.enumerated().map {
                        "\($0.offset == 0 ? "M" : "L")\(SVGMarkup.number($0.element.x)) \(SVGMarkup.number($0.element.y))"
                    }
                    let dash = ChartPalette.dash(index)
                    out +=
                        "<path d=\"\(d.joined(separator: " "))\" fill=\"none\" stroke-width=\"2\""
                        + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + " stroke-linejoin=\"round\"/>\n"
                }
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// A short stable name for this chart's contents, so that ids inside several SVGs on one
    /// page differ (FNV-1a of the titles and points).
    var identity: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bits: UInt64) { hash = (hash ^ bits) &* 0x100_0000_01b3 }
        for byte in (title + x.title + y.title).utf8 { mix(UInt64(byte)) }
        for one in series {
            for byte in one.name.utf8 { mix(UInt64(byte)) }
            for point in one.points {
                mix(point.x.bitPattern)
                mix(point.y.bitPattern)
            }
        }
        return String(hash, radix: 16)
    }
}

/// Where the parts of an SVG chart go.
struct SVGChartLayout {
    let xScale: ChartScale, yScale: ChartScale
    let left: Double, top: Double, plotWidth: Double, plotHeight: Double
    let width: Double

    init(chart: Chart, width: Double, height: Double) {
        let points = chart.series.flatMap(\.points)
        xScale = ChartScale(values: points.map(\.x), axis: chart.x, tickCount: Swift.max(3, Int(width / 90)))
        yScale = ChartScale(values: points.map(\.y), axis: chart.y, tickCount: Swift.max(3, Int(height / 60)))
        let labelWidth = Double(yScale.ticks.map(\.label.count).max() ?? 1) * 7
        left = 30 + labelWidth
        top = (chart.title.isEmpty ? 12 : 34) + (chart.series.isEmpty ? 0 : 20)
        self.width = width
        plotWidth = Swift.max(20, width - left - 16)
        plotHeight = Swift.max(20, height - top - 46)
    }

    func position(_ point: ChartPoint) -> (x: Double, y: Double) {
        (left + xScale.fraction(point.x) * plotWidth, top + (1 - yScale.fraction(point.y)) * plotHeight)
    }

    /// The series's drawable points in pixels, split where a point cannot be shown.
    func runs(of series: ChartSeries) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for point in series.points {
            if ChartScale.isShowable(point.x, logScale: false), ChartScale.isShowable(point.y, logScale: yScale.logScale) {
                runs[runs.count - 1].append(position(point))
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// The frame, grid lines, tick labels and axis titles.
    func axes(xTitle: String, yTitle: String) -> String {
        let n = SVGMarkup.number
        let bottom = top + plotHeight, right = left + plotWidth
        var out = "<g class=\"axes\" stroke=\"#cccccc\" stroke-width=\"1\">\n"
        for tick in xScale.ticks {
            let x = left + xScale.fraction(tick.value) * plotWidth
            out += "<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(bottom))\"/>\n"
        }
        for tick in yScale.ticks {
            let y = top + (1 - yScale.fraction(tick.value)) * plotHeight
            out += "<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(right))\" y2=\"\(n(y))\"/>\n"
        }
        out +=
            "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotWidth))\" height=\"\(n(plotHeight))\" fill=\"none\" stroke=\"#333333\"/>\n</g>\n"
        out += "<g class=\"ticks\" fill=\"#333333\">\n"
        for tick in xScale.ticks {
            out += SVGMarkup.text(tick.label, x: left + xScale.fraction(tick.value) * plotWidth, y: bottom + 16, extra: "class=\"tick x\"")
        }
        for tick in yScale.ticks {
            out += SVGMarkup.text(
                tick.label, x: left - 6, y: top + (1 - yScale.fraction(tick.value)) * plotHeight + 4, anchor: "end",
                extra: "class=\"tick y\"")
        }
        out += "</g>\n"
        if !xTitle.isEmpty {
            out += SVGMarkup.text(xTitle, x: left + plotWidth / 2, y: bottom + 36, extra: "class=\"axis-title x\"")
        }
        if !yTitle.isEmpty {
            let x = 14.0, y = top + plotHeight / 2
            out += SVGMarkup.text(
                yTitle + (yScale.logScale ? " (log scale)" : ""), x: x, y: y,
                extra: "class=\"axis-title y\" transform=\"rotate(-90 \(n(x)) \(n(y)))\"")
        }
        return out
    }

    /// One row of legend entries above the plot: a sample of each series's line and its name.
    func legend(_ series: [ChartSeries]) -> String {
        guard !series.isEmpty else { return "" }
        let n = SVGMarkup.number
        var out = "<g class=\"legend\">\n"
        var x = left
        let y = top - 12
        for (index, one) in series.enumerated() {
            let colour = ChartPalette.colour(index), dash = ChartPalette.dash(index)
            if one.style == .points {
                out += "<circle cx=\"\(n(x + 10))\" cy=\"\(n(y))\" r=\"3\" fill=\"\(colour)\"/>\n"
            } else {
                out +=
                    "<line x1=\"\(n(x))\" y1=\"\(n(y))\" x2=\"\(n(x + 20))\" y2=\"\(n(y))\" stroke=\"\(colour)\" stroke-width=\"2\""
                    + (dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"") + "/>\n"
            }
            let name = String(one.name.prefix(40))
            out += SVGMarkup.text(name, x: x + 24, y: y + 4, anchor: "start", extra: "class=\"legend-name\"")
            x += 36 + Double(name.count) * 7
        }
        return out + "</g>\n"
    }
}
