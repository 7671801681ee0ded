import Foundation

extension Chart {
    /// Several charts one above the other in one self-contained SVG picture, each `width` by
    /// `height` pixels (for a file that should hold a whole explanation).
    public static func svg(stacking charts: [Chart], width: Int = 640, height: Int = 360) -> String {
        let width = Swift.max(width, 160), height = Swift.max(height, 120)
        var out = SVGMarkup.open(
            width: width, height: Swift.max(1, charts.count) * height,
            title: charts.map(\.title).filter { !$0.isEmpty }.joined(separator: "; "), className: "plexus-charts")
        for (index, chart) in charts.enumerated() {
            // A nested <svg> keeps each chart's own coordinates; only its position changes.
            let inner = chart.svg(width: width, height: height)
            out += inner.replacingFirst("<svg ", with: "<svg y=\"\(index * height)\" ")
        }
        return out + "</svg>\n"
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
