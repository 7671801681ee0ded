import Foundation
import Testing
@testable import Plexus

/// Functional models against Keras 3: the same graph, initial weights and batches give the same
/// step losses (1e-5 relative), final weights and predictions (1e-4); a saved and loaded model
/// predicts the same numbers bit for bit.
@Suite struct FunctionalKerasTests {
    @Test(arguments: KerasFixture.names(in: "functional"))
    func matchesKeras(name: String) throws {
        _ = try FunctionalKerasFixture.load(name).check()
    }

    @Test func everyCaseHasAFixture() {
        #expect(KerasFixture.names(in: "functional") == [
            "residual_cnn", "residual_mlp", "shared_merges", "two_inputs_concatenate", "two_outputs",
        ])
    }
}
