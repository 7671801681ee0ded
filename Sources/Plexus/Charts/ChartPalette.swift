/// How series tell themselves apart: colours from Okabe and Ito's palette (distinguishable with
/// the common colour-vision deficiencies), and a dash pattern and terminal mark per series so
/// that they stay apart in grey-scale print and in a terminal without colour.
enum ChartPalette {
    /// Blue, vermilion, bluish green, reddish purple, orange, sky blue, black, yellow.
    static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// SVG `stroke-dasharray` values; empty is solid.
    static let dashes = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3"]
    /// ANSI foreground colours near the SVG colours: blue, red, green, magenta, yellow, cyan.
    static let terminalColours = [34, 31, 32, 35, 33, 36]
    /// The mark of each series in a plain ASCII chart.
    static let asciiMarks: [Character] = ["*", "o", "+", "x", "#", "@"]

    static func colour(_ index: Int) -> String { colours[index % colours.count] }
    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
    static func terminalColour(_ index: Int) -> Int { terminalColours[index % terminalColours.count] }
    static func asciiMark(_ index: Int) -> Character { asciiMarks[index % asciiMarks.count] }
}
