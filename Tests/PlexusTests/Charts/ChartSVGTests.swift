import Foundation
import Testing
@testable import Plexus

@Suite struct ChartSVGTests {
    static let loss = Chart(
        title: "Loss", x: ChartAxis("epoch"), y: ChartAxis("loss"),
        series: [
            ChartSeries("training", values: [2.0, 1.2, 0.8, 0.5, 0.4], firstX: 1),
            ChartSeries("validation", values: [2.1, 1.4, 1.0, 0.9, 0.95], firstX: 1),
        ])

    @Test func parsesWithOnePathPerSeriesAndALegend() throws {
        let svg = try #require(SVGDocument(ChartSVGTests.loss.svg()))
        #expect(svg.elements.first?.name == "svg")
        let paths = svg.all("path", inClass: "series")
        #expect(paths.count == 2)
        for path in paths { #expect(pathPoints(path.attributes["d"] ?? "").count == 5) }
        let legend = svg.all("text", class: "legend-name").map(\.text)
        #expect(legend == ["training", "validation"])
        #expect(svg.all("text", class: "axis-title").map(\.text) == ["epoch", "loss"])
        // Two series, two different colours and dash patterns.
        let groups = svg.all("g", class: "series")
        #expect(Set(groups.compactMap { $0.attributes["stroke"] }).count == 2)
        #expect(Set(paths.map { $0.attributes["stroke-dasharray"] ?? "" }).count == 2)
    }

    @Test func highestPointIsAtTheTopOfItsPathAndTicksAreReadable() throws {
        let svg = try #require(SVGDocument(ChartSVGTests.loss.svg(width: 640, height: 360)))
        let points = svg.all("path", inClass: "series").flatMap { pathPoints($0.attributes["d"] ?? "") }
        let highest = try #require(points.min { $0.1 < $1.1 })  // smallest SVG y is highest
        #expect(highest.0 == points[5].0)  // validation's first point, 2.1
        let yTicks = svg.all("text", class: "y").filter { $0.attributes["class"]?.contains("tick") == true }.map(\.text)
        #expect(yTicks.first == "0" || yTicks.first == "0.0")
        for tick in yTicks { #expect(Double(tick) != nil && tick.count <= 5) }
        // Ticks rise up the page.
        let ys = svg.all("text", class: "y").filter { $0.attributes["class"]?.contains("tick") == true }.compactMap {
            Double($0.attributes["y"] ?? "")
        }
        #expect(ys == ys.sorted(by: >))
    }

    @Test func nonFiniteValuesBreakTheLineAndAreSkipped() throws {
        let chart = Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("s", values: [1, 2, .nan, 3, 4, .infinity, 5])])
        let svg = try #require(SVGDocument(chart.svg()))
        let paths = svg.all("path", inClass: "series")
        #expect(paths.map { pathPoints($0.attributes["d"] ?? "").count } == [2, 2])
        #expect(svg.all("circle", inClass: "series").count == 1)  // the lone 5
        #expect(!chart.svg().contains("nan") && !chart.svg().contains("inf"))
    }

    @Test func emptyConstantAndSinglePointSeriesDraw() throws {
        let charts = [
            Chart(x: ChartAxis(), y: ChartAxis(), series: []),
            Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("empty", points: [])]),
            Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("flat", values: [3, 3, 3])]),
            Chart(x: ChartAxis(), y: ChartAxis(logScale: true), series: [ChartSeries("flat", values: [0.1, 0.1])]),
            Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("one", values: [7])]),
            Chart(x: ChartAxis(), y: ChartAxis(), series: [ChartSeries("missing", values: [Double.nan, .nan])]),
        ]
        for chart in charts {
            let text = chart.svg()
            let svg = try #require(SVGDocument(text))
            for element in svg.elements {
                for value in element.attributes.values { #expect(!value.contains("nan") && !value.contains("inf")) }
            }
        }
        let flat = try #require(SVGDocument(charts[2].svg()))
        let flatPoints = pathPoints(flat.all("path", inClass: "series")[0].attributes["d"] ?? "")
        #expect(Set(flatPoints.map(\.1)).count == 1)
    }

    @Test func logScalePlacesDecadesEvenlyAndSkipsNonPositiveValues() throws {
        let chart = Chart(
            x: ChartAxis(), y: ChartAxis("loss", logScale: true),
            series: [ChartSeries("loss", values: [100, 10, 1, 0.1, 0, -1])])
        let svg = try #require(SVGDocument(chart.svg()))
        let points = pathPoints(svg.all("path", inClass: "series")[0].attributes["d"] ?? "")
        #expect(points.count == 4)
        let gaps = zip(points.dropFirst(), points).map { $0.0.1 - $0.1.1 }
        for gap in gaps { #expect(abs(gap - gaps[0]) < 0.02) }
        let ticks = svg.all("text", class: "y").filter { $0.attributes["class"]?.contains("tick") == true }.map(\.text)
        #expect(ticks.contains("100") && ticks.contains("0.1"))
    }

    @Test func textIsEscaped() throws {
        let name = "a<b & \"c\" 'd' \u{0}\u{7}>"
        let chart = Chart(title: name, x: ChartAxis(name), y: ChartAxis(name), series: [ChartSeries(name, values: [1, 2])])
        let svg = try #require(SVGDocument(chart.svg()))
        #expect(svg.all("text", class: "legend-name").first?.text == "a<b & \"c\" 'd' >")
    }

    @Test func fixedRangesAreKeptAndPointsOutsideAreClipped() throws {
        let chart = Chart(
            x: ChartAxis(range: 0...10), y: ChartAxis(range: 0...1),
            series: [ChartSeries("s", xy: [(0, 0), (5, 2), (10, 1)])])
        let text = chart.svg()
        let svg = try #require(SVGDocument(text))
        let ticks = svg.all("text", class: "x").filter { $0.attributes["class"]?.contains("tick") == true }.map(\.text)
        #expect(ticks.first == "0" && ticks.last == "10")
        #expect(svg.all("clipPath").count == 1)
        #expect(svg.all("g", class: "series").first?.attributes["clip-path"] != nil)
    }

    @Test func scatterPlotHasOneMarkerPerPointAndTheDiagonal() throws {
        let chart = Chart.predictedVersusTrue(truth: [1.0, 2, 3, 4], predicted: [1.1, 1.8, 3.3, .nan])
        let svg = try #require(SVGDocument(chart.svg()))
        #expect(svg.all("circle", inClass: "series").count == 3)
        let diagonal = pathPoints(svg.all("path", inClass: "series")[0].attributes["d"] ?? "")
        #expect(diagonal.count == 2)
    }

    @Test func tickLabelsAreShortNumbers() {
        #expect(ChartNumberFormat.tick(0.5, step: 0.5) == "0.5")
        #expect(ChartNumberFormat.tick(2, step: 1) == "2")
        #expect(ChartNumberFormat.tick(0.25, step: 0.05) == "0.25")
        #expect(ChartNumberFormat.tick(1e-4, step: 1e-4) == "1e-4")
        #expect(ChartNumberFormat.tick(2.5e6, step: 5e5) == "2.5e6")
        #expect(ChartNumberFormat.tick(200, step: 100) == "200")
        #expect(ChartScale.niceStep(0.37) == 0.5)
        #expect(ChartScale.niceStep(13) == 20)
    }
}
