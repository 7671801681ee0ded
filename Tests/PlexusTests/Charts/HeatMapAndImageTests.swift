import Testing
@testable import Plexus

@Suite struct HeatMapAndImageTests {
    @Test func heatMapHasACellAndACountPerEntry() throws {
        let counts = [[50, 2, 0], [3, 40, 7], [0, 1, 45]]
        let map = HeatMap(counts: counts, labels: ["cat", "dog", "<bird>"])
        let svg = try #require(SVGDocument(map.svg()))
        #expect(svg.all("rect", class: "cell").count == 9)
        #expect(svg.all("text", class: "count").map(\.text) == counts.flatMap { $0.map(String.init) })
        #expect(svg.all("text", class: "column").map(\.text) == ["cat", "dog", "<bird>"])
        // The diagonal, most of each row, is darker than the rest of its row.
        let fills = svg.all("rect", class: "cell").compactMap { $0.attributes["fill"] }
        #expect(fills[0] == HeatMap.shade(50.0 / 52) && fills[1] == HeatMap.shade(2.0 / 52))
        #expect(HeatMap.shade(0) == "#f7fbff" && HeatMap.shade(1) == "#08306b")
    }

    @Test func raggedAndEmptyCountsDraw() throws {
        #expect(SVGDocument(HeatMap(counts: []).svg()) != nil)
        let ragged = try #require(SVGDocument(HeatMap(counts: [[1], [0, 0, 0], []]).svg()))
        #expect(ragged.all("rect", class: "cell").count == 9)
    }

    @Test func greyImageDrawsInkedPixels() throws {
        let image = Tensor(shape: [2, 3], scalars: [0, 8, 16, 16, .nan, 0])
        let svg = try #require(SVGDocument(GreyImage.svg(image, pixelSize: 5)))
        #expect(svg.elements.first?.attributes["width"] == "15" && svg.elements.first?.attributes["height"] == "10")
        let inked = svg.all("rect", inClass: "").filter { $0.ancestors.count == 2 }
        #expect(inked.count == 3)  // 8, 16, 16; zeros and NaN are the white background
        #expect(inked.map { $0.attributes["fill"] ?? "" } == ["#808080", "#000000", "#000000"])
        #expect(SVGDocument(GreyImage.svg(Tensor(shape: [0], scalars: []))) != nil)
    }
}
