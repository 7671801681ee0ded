import Foundation
import Testing
@testable import Plexus

/// .keras files with state beyond the layers' weights, written by Keras 3.15.1
/// (Tests/PlexusTests/Data/Fixtures/keras/kerasstate, made by generator/kerasstate.py):
/// Normalization statistics in the configuration or as weights, and an optimizer's state that
/// training continues from; and Plexus writing its optimizer's state the same way.
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasStateFileTests {
    struct Fixture: Decodable {
        let inputs: KerasFixture.Values
        let outputs: KerasFixture.Values
        let batch: KerasFixture.Batch?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let next_loss: Float?
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let next_outputs: KerasFixture.Values?
        let iterations: Int?
    }

    static let group = "kerasstate"

    private func fixture(_ name: String) throws -> Fixture {
        let url = KerasFixture.folder(Self.group).appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: [
        "normalization_config", "normalization_adapted", "normalization_image", "normalization_rows", "normalization_inverted",
    ])
    func normalizationStatisticsLoadInBothForms(_ name: String) throws {
        let fixture = try fixture(name)
        let model = try Model.load(from: KerasFileSupport.path(name, group: Self.group))
        let normalization = try #require((name == "normalization_inverted" ? model.layers.last : model.layers.first) as? NormalizationLayer)
        let expected: (axes: [Int], invert: Bool, shape: [Int]) =
            switch name {
            case "normalization_image": ([1, 2, 3], false, [6, 5, 2])
            case "normalization_rows": ([1], false, [6])
            case "normalization_inverted": ([-1], true, [2])
            default: ([-1], false, [fixture.inputs.tensor.shape[1]])
            }
        #expect(normalization.axes == expected.axes && normalization.invert == expected.invert)
        #expect(normalization.mean?.value.shape == expected.shape)
        let difference = KerasFileSupport.largestDifference(try model.predict([fixture.inputs.tensor]).scalars, fixture.outputs.values)
        #expect(difference <= 1e-5, "\(name): largest difference \(difference)")
    }

    @Test func statisticsThatDoNotFitTheFeaturesAreAClearError() throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("normalization_config", group: Self.group, in: folder) { config in
            KerasFileSupport.editLayer(1, in: &config) { $0["mean"] = [1, 2, 3] }
        }
        #expect {
            try Model.load(from: path)
        } throws: { error in
            "\(error)".contains("'normalization'") && "\(error)".contains("mean has 3 values")
        }
    }

    /// Axes the samples do not have, the batch axis, or None (read as Keras's default -1, which
    /// the file's per-element weights then do not fit): a clear error, no crash.
    @Test(arguments: [[7], [0], nil] as [[Int]?])
    func normalizationAxesThatCannotBeAreAClearError(_ axis: [Int]?) throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("normalization_image", group: Self.group, in: folder) { config in
            KerasFileSupport.editLayer(1, in: &config) { $0["axis"] = axis.map { $0 as Any } ?? NSNull() }
        }
        #expect {
            try Model.load(from: path)
        } throws: { error in
            ["axis", "axes", "has shape [6, 5, 2], but the configuration makes it [2]"].contains { "\(error)".contains($0) }
        }
    }

    /// One more step on the fixture's batch gives the loss Keras's next step gave: the
    /// iteration count, the learning rate and every slot came from the file.
    @Test(arguments: ["adam_steps", "sgd_momentum_steps"])
    func trainingContinuesFromKerasOptimizerState(_ name: String) throws {
        let fixture = try fixture(name)
        let batch = try #require(fixture.batch)
        let model = try Model.load(from: KerasFileSupport.path(name, group: Self.group))
        let optimizer = try #require(model.optimizer)
        #expect(optimizer.step == (fixture.iterations ?? 0) - 1)
        #expect(model.trainableParameters.allSatisfy { !optimizer.state(for: $0).isEmpty })
        _ = try model.trainOnBatch([batch.x.tensor], [batch.y.tensor])
        #expect(optimizer.step == fixture.iterations)
        let loss = try #require(try model.evaluate([batch.x.tensor], [batch.y.tensor])["loss"])
        let expected = try #require(fixture.next_loss)
        #expect(abs(loss - expected) <= 1e-5 * max(1, abs(expected)), "\(name): loss \(loss), Keras \(expected)")
        let outputs = try model.predict([fixture.inputs.tensor])
        let difference = KerasFileSupport.largestDifference(outputs.scalars, try #require(fixture.next_outputs).values)
        #expect(difference <= 1e-5, "\(name): largest difference \(difference)")
    }

    @Test func aStateOfTheWrongSizeIsAClearError() throws {
        let folder = try IOTestSupport.folder()
        // SGD with momentum keeps one slot per weight; Adam, compiled in its place, wants two.
        let path = try KerasFileSupport.damaged("sgd_momentum_steps", group: Self.group, in: folder) { config in
            var compile = config["compile_config"] as! [String: Any]
            compile["optimizer"] = "adam"
            config["compile_config"] = compile
        }
        #expect {
            try Model.load(from: path)
        } throws: { error in
            "\(error)".contains("optimizer/vars") && "\(error)".contains("momentum and velocity")
        }
    }

    @Test func plexusWritesItsOptimizerStateAndTrainingContinuesExactly() throws {
        let (model, x) = try KerasSaveTests.denseModel()
        let path = try IOTestSupport.folder() + "/adam.keras"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.optimizer?.step == model.optimizer?.step)
        let batch = x.rows(0..<16)
        let labels = Tensor(shape: [16], scalars: (0..<16).map { Float($0 % 3) })
        // Both take one more step on the raw batch (the saved file holds the scaling as a layer).
        _ = try model.trainOnBatch(batch, labels)
        _ = try loaded.trainOnBatch(batch, labels)
        let difference = KerasFileSupport.largestDifference(try loaded.predict(x).scalars, try model.predict(x).scalars)
        #expect(difference <= 1e-5)
        let slots = try HDF5File.reading(try KerasFileSupport.members(atPath: path)["model.weights.h5"]!, name: "weights") { h5 in
            try h5.memberNames(of: "optimizer/vars", limit: 20).count
        }
        #expect(slots == 2 + 2 * model.trainableParameters.count)
    }
}
