/// Draws a small grey image in a terminal with shade characters, two per pixel so that it
/// keeps its proportions: the digits of the course's lab, or any image scaled down to fit.
///
/// ```swift
/// print(TerminalImage.render(test.features.rows(0..<1).reshaped([8, 8]), maximumWidth: 8))
/// ```
public enum TerminalImage {
    /// Shades from dark (background) to bright (ink).
    static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// Lines of text drawing `image` (`[height, width]` or `[height, width, channels]`, the
    /// channels averaged), scaled down by whole factors until at most `maximumWidth` pixels
    /// wide. Values are mapped from their own minimum (blank) to maximum (full block).
    public static func render(_ image: Tensor, maximumWidth: Int = 14) -> [String] {
        require(
            image.rank == 2 || image.rank == 3, "an image to draw must be [height, width] or [height, width, channels], got \(image.shape)")
        let height = image.shape[0], width = image.shape[1]
        let channels = image.rank == 3 ? image.shape[2] : 1
        let factor = Swift.max(1, (width + maximumWidth - 1) / Swift.max(maximumWidth, 1))
        let values = image.scalars
        let low = values.min() ?? 0, high = values.max() ?? 1
        let range = high > low ? high - low : 1
        var lines: [String] = []
        for row in stride(from: 0, to: height, by: factor) {
            var line = ""
            for column in stride(from: 0, to: width, by: factor) {
                var sum: Float = 0, count = 0
                for y in row..<Swift.min(row + factor, height) {
                    for x in column..<Swift.min(column + factor, width) {
                        for c in 0..<channels {
                            sum += values[(y * width + x) * channels + c]
                            count += 1
                        }
                    }
                }
                let level = (sum / Float(count) - low) / range
                let shade = shades[Swift.min(shades.count - 1, Swift.max(0, Int(level * Float(shades.count - 1) + 0.5)))]
                line.append(shade)
                line.append(shade)
            }
            lines.append(line)
        }
        return lines
    }
}
