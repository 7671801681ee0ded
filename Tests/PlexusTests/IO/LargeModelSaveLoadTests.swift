import Testing
@testable import Plexus

/// A 10-million-parameter model saves and loads back bit for bit. How long that takes is a
/// benchmark, not a test: `plexus bench save-load` (release build) prints the medians.
@Suite(.serialized) struct LargeModelSaveLoadTests {
    @Test func tenMillionParametersSaveAndLoadExactly() throws {
        let model = Sequential(inputShape: [1000], seed: 1) {
            Dense(5000, activation: .relu)
            Dense(1000)
        }
        #expect(model.parameterCount == 10_006_000)
        let path = try IOTestSupport.folder() + "/big.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.weights == model.weights)
        // Saving again over the file replaces it with the same model.
        try model.save(to: path)
        #expect(try Sequential.load(from: path).weights == model.weights)
    }
}
