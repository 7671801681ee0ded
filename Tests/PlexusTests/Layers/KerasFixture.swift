import Foundation
import Testing
@testable import Plexus

/// A training run recorded in Keras 3, to replay in Plexus and compare step by step.
///
/// The files are `Data/Fixtures/keras/<group>/<name>.json`, written by the generator beside
/// them (`bash tools/keras-env.sh [group]`; see `keras/README.md`). Each holds the model as a
/// `--layers` specification, the loss and optimizer in the model file's form, the initial
/// weights in `get_weights()` order, the batches, the loss each `train_on_batch` returned,
/// the final weights, and Keras's predictions on held-out inputs.
///
/// ```swift
/// @Test(arguments: KerasFixture.names(in: "optimizers"))
/// func matchesKeras(name: String) throws {
///     try KerasFixture.load("optimizers", name).check()
/// }
/// ```
struct KerasFixture: Decodable {
    /// The tolerances the whole of issue 13 is checked with.
    static let lossTolerance: Double = 1e-5  // relative, per step
    static let weightTolerance: Double = 1e-4  // absolute (relative above 1)
    static let predictionTolerance: Double = 1e-4  // absolute (relative above 1)

    /// A float32 array: its shape and its values in row-major order.
    struct Values: Decodable {
        let shape: [Int]
        let values: [Float]
        var tensor: Tensor { Tensor(shape: shape, scalars: values) }
    }

    struct Batch: Decodable {
        let x: Values
        let y: Values
    }

    let format: String
    let version: Int
    let group: String
    let name: String
    let description: String
    /// One sample's shape, without the batch axis.
    let inputShape: [Int]
    /// The layers, as `plexus train --layers` takes them.
    let plexusLayers: String
    /// The loss and optimizer, as a saved model holds them.
    let compile: CompileConfiguration
    let initialWeights: [Values]
    let batches: [Batch]
    /// What Keras's `train_on_batch` returned for each batch: the loss before that step.
    let losses: [Float]
    let finalWeights: [Values]
    let predictX: Values
    let predictions: Values

    /// The folder of one group's fixtures in the test bundle.
    static func folder(_ group: String) -> URL {
        guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the test fixtures are missing from the test bundle")
        }
        return fixtures.appendingPathComponent("keras").appendingPathComponent(group)
    }

    /// The names of a group's fixtures, sorted (for `@Test(arguments:)`).
    static func names(in group: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder(group).path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Reads `keras/<group>/<name>.json`.
    static func load(_ group: String, _ name: String) throws -> KerasFixture {
        let url = folder(group).appendingPathComponent(name + ".json")
        let fixture = try ModelArchive.decoder.decode(KerasFixture.self, from: Data(contentsOf: url))
        guard fixture.format == "plexus-keras-fixture", fixture.version == 1 else {
            throw FixtureError("\(url.path): not a version 1 Keras fixture (\(fixture.format) \(fixture.version))")
        }
        guard fixture.losses.count == fixture.batches.count else {
            throw FixtureError("\(url.path): \(fixture.losses.count) losses for \(fixture.batches.count) batches")
        }
        return fixture
    }

    /// The fixture's model: its layers built for its input shape, compiled with its loss and
    /// optimizer, holding its initial weights.
    func makeModel() throws -> Sequential {
        let model = Sequential(try LayerSpecification.parse(plexusLayers), inputShape: inputShape, seed: 0, name: name)
        try compile.compile(model, file: name)
        let shapes = model.parameters.map(\.value.shape)
        guard shapes == initialWeights.map(\.shape) else {
            throw FixtureError("\(name): the Plexus model's weights have shapes \(shapes), Keras's \(initialWeights.map(\.shape))")
        }
        model.setWeights(initialWeights.map(\.tensor))
        return model
    }

    /// The largest differences from Keras that one replay found.
    struct Differences {
        /// Relative, over the steps' losses.
        var loss = 0.0
        /// Over all final weights (see ``largestDifference(_:_:)``).
        var weights = 0.0
        var predictions = 0.0
    }

    /// Replays the batches on `model` (by default ``makeModel()``) with `trainOnBatch` and
    /// records an issue for each loss, final weight or prediction out of tolerance.
    @discardableResult
    func check(on model: Sequential? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Differences {
        let model = try model ?? makeModel()
        var found = Differences()
        for (step, (batch, expected)) in zip(batches, losses).enumerated() {
            let loss = try model.trainOnBatch(batch.x.tensor, batch.y.tensor)
            let error = Swift.abs(Double(loss) - Double(expected)) / Swift.max(Swift.abs(Double(expected)), 1e-12)
            found.loss = Swift.max(found.loss, error.isNaN ? .infinity : error)
            #expect(
                error <= Self.lossTolerance,
                "\(group)/\(name) step \(step + 1): loss \(loss), Keras \(expected) (relative difference \(error))",
                sourceLocation: sourceLocation)
        }
        for (index, (parameter, expected)) in zip(model.parameters, finalWeights).enumerated() {
            let difference = Self.largestDifference(parameter.value, expected)
            found.weights = Swift.max(found.weights, difference)
            #expect(
                difference <= Self.weightTolerance,
                "\(group)/\(name) weight \(index) (\(parameter.name)): largest difference \(difference) from Keras",
                sourceLocation: sourceLocation)
        }
        found.predictions = Self.largestDifference(try model.predict(predictX.tensor), predictions)
        #expect(
            found.predictions <= Self.predictionTolerance,
            "\(group)/\(name) predictions: largest difference \(found.predictions) from Keras", sourceLocation: sourceLocation)
        return found
    }

    /// The largest difference between `actual` and `expected`, each divided by
    /// max(1, |expected|); infinity when the shapes differ.
    static func largestDifference(_ actual: Tensor, _ expected: Values) -> Double {
        guard actual.shape == expected.shape else { return .infinity }
        return zip(actual.scalars, expected.values).reduce(0) { largest, pair in
            let reference = Double(pair.1)
            let difference = Swift.abs(Double(pair.0) - reference) / Swift.max(1, Swift.abs(reference))
            return difference.isNaN ? .infinity : Swift.max(largest, difference)
        }
    }
}

/// A fixture file that cannot be used.
struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
