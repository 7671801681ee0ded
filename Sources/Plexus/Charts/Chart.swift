/// A chart to draw: titled axes and one or more named series of (x, y) points, rendered as SVG
/// (``svg(width:height:)``) or as text for a terminal (``terminalLines(width:height:style:)``).
///
/// ```swift
/// let chart = Chart(title: "Loss", x: ChartAxis("epoch"), y: ChartAxis("loss", logScale: true),
///                   series: [ChartSeries("training", values: history.loss, firstX: 1)])
/// try chart.svg().write(toFile: "loss.svg", atomically: true, encoding: .utf8)
/// print(chart.terminalLines().joined(separator: "\n"))
/// ```
///
/// Points whose x or y is not finite (or not positive, on a logarithmic axis) are left out,
/// and a line breaks there; empty and constant series draw without trouble.
public struct Chart: Sendable, Equatable {
    /// The title drawn above the chart; empty for none.
    public var title: String
    /// The horizontal axis.
    public var x: ChartAxis
    /// The vertical axis.
    public var y: ChartAxis
    /// The series, drawn in order, each in its own colour and dash pattern.
    public var series: [ChartSeries]

    /// A chart of `series` on axes `x` and `y`.
    public init(title: String = "", x: ChartAxis, y: ChartAxis, series: [ChartSeries]) {
        self.title = title
        self.x = x
        self.y = y
        self.series = series
    }
}

/// One axis of a ``Chart``: its title, an optional fixed range and, for the vertical axis, an
/// optional logarithmic scale.
public struct ChartAxis: Sendable, Equatable {
    /// The axis title ("epoch", "loss"); empty for none.
    public var title: String
    /// The values the axis spans; `nil` fits it to the data.
    public var range: ClosedRange<Double>?
    /// Whether values are placed by their base-10 logarithm (used for the vertical axis; points
    /// at or below zero are then left out).
    public var logScale: Bool

    /// An axis titled `title`, fitted to the data unless `range` is given.
    public init(_ title: String = "", range: ClosedRange<Double>? = nil, logScale: Bool = false) {
        self.title = title
        self.range = range
        self.logScale = logScale
    }
}

/// A point of a ``ChartSeries``.
public struct ChartPoint: Sendable, Equatable {
    /// The horizontal position.
    public var x: Double
    /// The vertical position.
    public var y: Double

    /// The point (`x`, `y`).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// A named series of points in a ``Chart``, drawn as a line or as separate markers.
public struct ChartSeries: Sendable, Equatable {
    /// How the points of a series are drawn.
    public enum Style: Sendable, Equatable {
        /// Consecutive points joined by a line (loss per epoch, a function of z).
        case line
        /// Each point a separate marker (a scatter plot).
        case points
    }

    /// The name shown in the legend.
    public var name: String
    /// The points, in drawing order.
    public var points: [ChartPoint]
    /// Line or markers.
    public var style: Style

    /// A series named `name` through `points`.
    public init(_ name: String, points: [ChartPoint], style: Style = .line) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// A series named `name` of `(x, y)` pairs.
    public init(_ name: String, xy: [(Double, Double)], style: Style = .line) {
        self.init(name, points: xy.map { ChartPoint(x: $0.0, y: $0.1) }, style: style)
    }

    /// A series of `values` at x = `firstX`, `firstX + 1`, ... (an epoch count starts at 1).
    public init<Values: Sequence>(_ name: String, values: Values, firstX: Double = 0, style: Style = .line)
    where Values.Element: BinaryFloatingPoint {
        self.init(name, points: values.enumerated().map { ChartPoint(x: firstX + Double($0.offset), y: Double($0.element)) }, style: style)
    }
}

extension Chart {
    /// A predicted-versus-true scatter plot of a regression, with the line y = x on which
    /// perfect predictions would lie.
    public static func predictedVersusTrue<Values: Sequence>(
        truth: Values, predicted: Values, title: String = "Predicted vs true"
    ) -> Chart where Values.Element: BinaryFloatingPoint {
        let points = zip(truth, predicted).map { ChartPoint(x: Double($0.0), y: Double($0.1)) }
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        let low = finite.map { Swift.min($0.x, $0.y) }.min() ?? 0
        let high = finite.map { Swift.max($0.x, $0.y) }.max() ?? 1
        return Chart(
            title: title, x: ChartAxis("true"), y: ChartAxis("predicted"),
            series: [
                ChartSeries("predictions", points: points, style: .points),
                ChartSeries("y = x", points: [ChartPoint(x: low, y: low), ChartPoint(x: high, y: high)]),
            ])
    }
}
