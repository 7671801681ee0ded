import Foundation

/// Where an axis's values go: the span it covers (in log10 units on a logarithmic axis), its
/// ticks, and the map from a value to a fraction of the axis (0 at the low end, 1 at the high).
struct ChartScale: Equatable {
    /// The low and high ends of the axis, in transformed units.
    let low: Double
    let high: Double
    let logScale: Bool
    /// Tick positions, in data units, inside the axis, each with its label.
    let ticks: [(value: Double, label: String)]

    static func == (a: ChartScale, b: ChartScale) -> Bool {
        a.low == b.low && a.high == b.high && a.logScale == b.logScale && a.ticks.map(\.value) == b.ticks.map(\.value)
    }

    /// A scale for `values` on `axis`, about `tickCount` ticks. Values the axis cannot show
    /// (not finite; at or below zero on a log axis) are ignored; no values give a unit axis.
    /// With `widen`, a fitted linear axis grows to whole tick steps.
    init(values: [Double], axis: ChartAxis, tickCount: Int = 5, widen: Bool = true) {
        logScale = axis.logScale
        let shown = values.filter { ChartScale.isShowable($0, logScale: axis.logScale) }
        var low: Double, high: Double, fixed = false
        if let range = axis.range, range.lowerBound.isFinite, range.upperBound.isFinite,
            !axis.logScale || range.lowerBound > 0
        {
            (low, high, fixed) = (range.lowerBound, range.upperBound, true)
        } else if let min = shown.min(), let max = shown.max() {
            (low, high) = (min, max)
        } else {
            (low, high) = axis.logScale ? (1, 10) : (0, 1)
        }
        if axis.logScale {
            var (logLow, logHigh) = (log10(low), log10(high))
            if logHigh - logLow < 1e-12 { (logLow, logHigh) = (logLow - 0.5, logHigh + 0.5) }
            self.low = logLow
            self.high = logHigh
            ticks = ChartScale.logTicks(low: logLow, high: logHigh, count: tickCount)
        } else {
            if high - low <= Swift.max(abs(high), abs(low)) * 1e-12 {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                (low, high) = (low - pad, high + pad)
            }
            let step = ChartScale.niceStep((high - low) / Double(Swift.max(tickCount - 1, 1)))
            if !fixed && widen {
                // Widen to whole steps so the frame starts and ends on a labelled tick.
                low = (low / step).rounded(.down) * step
                high = (high / step).rounded(.up) * step
            }
            self.low = low
            self.high = high
            ticks = ChartScale.linearTicks(low: low, high: high, step: step)
        }
    }

    static func isShowable(_ value: Double, logScale: Bool) -> Bool {
        value.isFinite && (!logScale || value > 0)
    }

    /// `value`'s place along the axis: 0 at the low end, 1 at the high end (outside for values
    /// beyond a fixed range).
    func fraction(_ value: Double) -> Double {
        let t = logScale ? log10(value) : value
        return (t - low) / (high - low)
    }

    /// 1, 2 or 5 times a power of ten, the nearest at or above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        guard rough.isFinite, rough > 0 else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2, 5, 10] where factor * power >= rough * (1 - 1e-9) {
            return factor * power
        }
        return 10 * power
    }

    private static func linearTicks(low: Double, high: Double, step: Double) -> [(value: Double, label: String)] {
        var ticks: [(Double, String)] = []
        var index = (low / step - 1e-9).rounded(.up)
        while index * step <= high + step * 1e-9, ticks.count < 50 {
            let value = abs(index * step) < step * 1e-9 ? 0 : index * step
            ticks.append((value, ChartNumberFormat.tick(value, step: step)))
            index += 1
        }
        return ticks
    }

    private static func logTicks(low: Double, high: Double, count: Int) -> [(value: Double, label: String)] {
        let first = (low - 1e-9).rounded(.up), last = (high + 1e-9).rounded(.down)
        if last - first < 1 {
            // Less than a decade: ordinary steps, placed logarithmically.
            let a = pow(10, low), b = pow(10, high)
            let step = niceStep((b - a) / Double(Swift.max(count - 1, 1)))
            return linearTicks(low: a, high: b, step: step)
        }
        if last - first < 2 {
            // One or two decades: 1, 2 and 5 times each power of ten, so there are enough labels.
            let candidates = Swift.stride(from: first - 1, through: last, by: 1).flatMap { power in
                [1.0, 2, 5].map { $0 * pow(10, power) }
            }
            return candidates.filter { log10($0) >= low - 1e-9 && log10($0) <= high + 1e-9 }
                .map { ($0, ChartNumberFormat.tick($0, step: $0)) }
        }
        let stride = Swift.max(1, ((last - first) / Double(Swift.max(count - 1, 1))).rounded(.up))
        return Swift.stride(from: first, through: last, by: stride).map { power in
            let value = pow(10, power)
            return (value, ChartNumberFormat.tick(value, step: value))
        }
    }
}
