import Testing
@testable import Plexus

/// Rescaling: x * scale + offset, its gradient, and the `rescale:` entry with fractions.
@Suite struct RescalingTests {
    @Test func scalesAndOffsets() {
        let x = Tensor([[0, 255], [51, 127.5]])
        #expect(Rescaling(scale: 1 / 255)(x).scalars == x.scalars.map { $0 * (1 / 255) })
        #expect(Rescaling(scale: 1 / 127.5, offset: -1)(x).scalars == x.scalars.map { $0 * (1 / 127.5) + -1 })
        let layer = Rescaling(scale: 2)
        #expect(layer.parameters.isEmpty && layer.typeName == "Rescaling" && layer.name == "rescaling")
        expectGradient(at: [awayFromZero([2, 3], seed: 1)]) { Rescaling(scale: 0.5, offset: 3)($0[0]) }
    }

    @Test func entriesTakeDecimalsAndFractions() throws {
        let layers = try LayerSpecification.parse("rescale:1/255,rescale:0.5:-1,rescale:2")
        let rescalings = layers.compactMap { $0 as? Rescaling }
        #expect(rescalings.map(\.scale) == [Float(1.0 / 255.0), 0.5, 2])
        #expect(rescalings.map(\.offset) == [0, -1, 0])
        for bad in ["rescale", "rescale:x", "rescale:1/0", "rescale:1/2/3", "rescale:inf", "rescale:1:2:3"] {
            #expect(throws: TrainingError.self, "\(bad)") { try LayerSpecification.parse(bad) }
        }
    }
}
