import Testing
@testable import Plexus

/// BatchNormalization and LayerNormalization against Keras 3.15.1, step by step (the fixtures
/// and their generator: Data/Fixtures/keras/normalization, generator/normalization.py).
@Suite struct KerasNormalizationFixtureTests {
    @Test func everyCaseIsThere() {
        #expect(
            KerasFixture.names(in: "normalization") == [
                "batchnorm_momentum", "conv_batchnorm", "conv_layernorm", "dense_batchnorm", "dense_layernorm", "sequence_batchnorm",
                "sequence_layernorm",
            ])
    }

    @Test(arguments: KerasFixture.names(in: "normalization"))
    func matchesKeras(name: String) throws {
        try KerasFixture.load("normalization", name).check()
    }
}
