import Foundation
import Testing
import Plexus

/// The README's "Layers of your own" example, as written there (public API only).
final class Scale: RegisteredLayer {
    static let typeName = "Scale"  // its name in model files
    static let specificationKeywords = ["scale"]  // --layers "16:relu,scale:0.5,1"
    let factor: Float
    var name = "scale"
    var parameters: [Parameter] { [] }
    var isBuilt: Bool { true }
    init(factor: Float) { self.factor = factor }

    var settings: LayerSettings {
        var s = LayerSettings()
        s.set("factor", factor)
        return s
    }
    convenience init(settings: LayerSettings, name: String) throws {
        self.init(factor: try settings.float("factor"))  // checked: a bad file is an error, not a crash
        self.name = name
    }
    static func parse(_ entry: SpecificationEntry) throws -> Scale {
        try entry.expectParts(2, usage: "scale:FACTOR")
        return Scale(factor: try entry.number(entry.parts[1], "the factor"))
    }
    func build(inputShape: [Int], generator: inout RandomGenerator) {}
    func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }
    func forward(_ input: Tensor, training: Bool) -> Tensor { input * factor }
}

@Suite struct ReadmeCustomLayerTests {
    @Test func aRegisteredLayerParsesSavesAndLoads() throws {
        LayerRegistry.register(Scale.self)
        let model = Sequential(try LayerSpecification.parse("16:relu,scale:0.5,1"), inputShape: [3], seed: 2)
        let path = TestScratch.file("readme-scale", extension: "plexus")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect((loaded.layers[1] as? Scale)?.factor == 0.5)
        #expect(loaded.layers[1].name == model.layers[1].name)
        let x = Tensor([[1, 2, 3]])
        #expect(try loaded.predict(x).scalars == model.predict(x).scalars)
    }
}
