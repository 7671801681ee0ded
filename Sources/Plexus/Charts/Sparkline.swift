/// A one-line chart of a series of numbers, one character per value: `▁▂▄▆█` (or ASCII
/// `_.-=#`), from the smallest value to the largest.
///
/// ```swift
/// print("loss " + Sparkline.render(history.loss))   // loss █▆▄▃▂▂▁▁
/// ```
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = ["_", ".", "-", "~", "=", "*", "#"]

    /// One character per value (a space for a value that is not finite), at most
    /// `maximumWidth` characters: longer series are averaged into that many buckets. A constant
    /// series is drawn at mid height.
    public static func render<Values: Collection>(_ values: Values, maximumWidth: Int = 60, ascii: Bool = false) -> String
    where Values.Element: BinaryFloatingPoint {
        let all = values.map { Double($0) }
        let levels = ascii ? asciiLevels : blocks
        let buckets = bucketed(all, into: Swift.max(1, maximumWidth))
        let finite = buckets.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: buckets.count) }
        return String(
            buckets.map { value -> Character in
                guard value.isFinite else { return " " }
                if high == low { return levels[levels.count / 2] }
                let level = Int(((value - low) / (high - low) * Double(levels.count - 1)).rounded())
                return levels[Swift.min(levels.count - 1, Swift.max(0, level))]
            })
    }

    /// The mean of the finite values in each of at most `count` equal slices (NaN for a slice
    /// with none).
    private static func bucketed(_ values: [Double], into count: Int) -> [Double] {
        guard values.count > count else { return values }
        return (0..<count).map { bucket in
            let slice = values[(bucket * values.count / count)..<((bucket + 1) * values.count / count)].filter(\.isFinite)
            return slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count)
        }
    }
}
