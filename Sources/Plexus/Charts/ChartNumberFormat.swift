import Foundation

/// Tick labels people read at a glance: as many decimals as the step between ticks needs, and
/// powers of ten written `1e-4` rather than `0.0001` or `1.000000e-04`.
enum ChartNumberFormat {
    /// `value` labelled for ticks `step` apart: 0, 0.25, 1.5, 200, 1e6, 2.5e-5.
    static func tick(_ value: Double, step: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            let exponent = Int(log10(magnitude).rounded(.down))
            let mantissa = value / pow(10, Double(exponent))
            let decimals = Swift.min(3, Swift.max(0, decimalsFor(step / pow(10, Double(exponent)))))
            return trimmed(String(format: "%.\(decimals)f", mantissa)) + "e\(exponent)"
        }
        return String(format: "%.\(Swift.min(6, decimalsFor(step)))f", value)
    }

    /// A number for a label or a legend with `digits` significant digits.
    static func short(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let text = String(format: "%.\(digits)g", value)
        return text == "-0" ? "0" : text
    }

    private static func decimalsFor(_ step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return Swift.max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var text = Substring(text)
        while text.hasSuffix("0") { text = text.dropLast() }
        if text.hasSuffix(".") { text = text.dropLast() }
        return String(text)
    }
}
