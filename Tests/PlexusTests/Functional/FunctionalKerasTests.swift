import Foundation
import Testing
@testable import Plexus

/// Functional models against Keras 3: the same graph, initial weights and batches give the same
/// step losses (1e-5 relative), final weights and predictions (1e-4); a saved and loaded model
/// predicts the same numbers bit for bit.
@Suite struct FunctionalKerasTests {
    @Test(arguments: KerasFixture.names(in: "functional"))
    func matchesKeras(name: String) throws {
        let fixture = try FunctionalKerasFixture.load(name)
        let model = try fixture.check()
        // Saved and loaded: the same predictions, bit for bit.
        let path = try IOTestSupport.folder() + "/\(name).plexus"
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        let x = fixture.predictX.map(\.tensor)
        #expect(
            try loaded.predictOutputs(x).map(IOTestSupport.bits) == (try model.predictOutputs(x).map(IOTestSupport.bits)))
    }

    @Test func everyCaseHasAFixture() {
        #expect(
            KerasFixture.names(in: "functional") == [
                "residual_cnn", "residual_mlp", "shared_merges", "two_inputs_concatenate", "two_outputs",
            ])
    }
}
