/// Draws a grey-scale image (a digit of the course's data set) as SVG: dark ink on white,
/// the highest value darkest, so that it looks as the digit is written and prints well.
///
/// ```swift
/// html += GreyImage.svg(test.features.rows(7..<8).reshaped([8, 8]), pixelSize: 6, title: "true 3, predicted 8")
/// ```
public enum GreyImage {
    /// The image (`[height, width]`, or `[height, width, channels]` with the channels averaged;
    /// any other shape is drawn as one row) as a self-contained SVG picture, one `<rect>` per
    /// pixel `pixelSize` pixels square. Values are mapped from `range` (by default the image's
    /// own minimum and maximum) to white and black; values that are not finite draw white.
    public static func svg(_ image: Tensor, pixelSize: Int = 4, range: ClosedRange<Float>? = nil, title: String = "image") -> String {
        let (height, width, channels) =
            image.rank == 2 || image.rank == 3
            ? (image.shape[0], image.shape[1], image.rank == 3 ? image.shape[2] : 1)
            : (1, image.count, 1)
        let values = image.scalars
        let pixels: [Float] = (0..<(height * width)).map { index in
            guard channels > 0 else { return .nan }
            let slice = values[(index * channels)..<((index + 1) * channels)]
            return slice.reduce(0, +) / Float(channels)
        }
        let finite = pixels.filter(\.isFinite)
        let low = range?.lowerBound ?? finite.min() ?? 0, high = range?.upperBound ?? finite.max() ?? 1
        let size = Swift.max(1, pixelSize)
        var out = SVGMarkup.open(
            width: Swift.max(1, width * size), height: Swift.max(1, height * size), title: title, className: "plexus-image")
        out += "<g shape-rendering=\"crispEdges\">\n"
        for (index, value) in pixels.enumerated() {
            let ink = value.isFinite && high > low ? Swift.min(1, Swift.max(0, (value - low) / (high - low))) : 0
            let grey = Int(((1 - ink) * 255).rounded())
            guard grey < 255 else { continue }  // the background is already white
            let hex = String(grey, radix: 16)
            let colour = "#" + String(repeating: hex.count == 1 ? "0" + hex : hex, count: 3)
            out +=
                "<rect x=\"\(index % width * size)\" y=\"\(index / width * size)\" width=\"\(size)\" height=\"\(size)\" fill=\"\(colour)\"/>\n"
        }
        return out + "</g>\n</svg>\n"
    }
}
