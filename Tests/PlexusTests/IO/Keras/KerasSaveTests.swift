import Foundation
import Testing
@testable import Plexus

/// Plexus models saved as .keras files: Keras's layout, and read back to the same predictions.
/// (CI checks the same files with h5py, and Keras itself was checked by hand: see .ci/keras-files.sh.)
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasSaveTests {
    /// A small classifier with input standardisation, trained a little; activations Keras has.
    static func denseModel() throws -> (model: Sequential, x: Tensor) {
        let data = TrainingData.blobs(centers: [[10, 200, -3], [12, 180, 0], [8, 220, 3]], count: 30, spread: 2, seed: 4)
        let model = Sequential(inputShape: [3], seed: 4) {
            Dense(8, activation: .relu)
            Dense(6, activation: .tanh, kernelRegularizer: .l2(0.001))
            Dense(3)
        }
        model.inputNormalization = Normalization.fit(data.x, method: .standard)
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try model.fit(data.x, data.y, epochs: 3, batchSize: 16, verbose: .silent)
        return (model, data.x)
    }

    @Test func savesWhatItLoadsBackWithTheInputScalingAsALayer() throws {
        let (model, x) = try KerasSaveTests.denseModel()
        let path = try IOTestSupport.folder() + "/model.keras"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.layers.map(\.typeName) == ["Normalization", "Dense", "Dense", "Dense"])
        #expect(loaded.inputNormalization == nil)
        let difference = KerasFileSupport.largestDifference(try loaded.predict(x).scalars, try model.predict(x).scalars)
        #expect(difference <= 1e-5)
        #expect(loaded.optimizer is Adam)
        #expect(loaded.metrics.map(\.name) == ["accuracy"])
    }

    @Test func writesKerasLayout() throws {
        let (model, _) = try KerasSaveTests.denseModel()
        let path = try IOTestSupport.folder() + "/model.keras"
        try model.save(to: path)
        let zip = try ZipArchive(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: path)
        #expect(zip.entries.map(\.name) == ["metadata.json", "config.json", "model.weights.h5"])
        let config = try #require(
            try JSONSerialization.jsonObject(with: Data(try zip.contents(of: zip.entries[1]))) as? [String: Any])
        #expect(config["class_name"] as? String == "Sequential")
        let weights = try zip.contents(of: zip.entries[2])
        let found = try HDF5File.reading(weights, name: "model.weights.h5") { h5 in
            (
                layers: try h5.memberNames(of: "layers", limit: 10), kernel: try h5.datasetShape("layers/dense/vars/0"),
                count: try h5.datasetShape("layers/normalization/vars/2"), vars: try h5.memberNames(of: "layers/dense_2/vars", limit: 10)
            )
        }
        #expect(found.layers == ["dense", "dense_1", "dense_2", "normalization"])
        #expect(found.kernel == [3, 8])
        #expect(found.count == [])
        #expect(found.vars == ["0", "1"])
    }

    @Test func convolutionalModelRoundTrips() throws {
        let (model, x, _) = IOTestSupport.convModel()
        model.inputNormalization = nil
        model.outputNormalization = nil
        let path = try IOTestSupport.folder() + "/conv.keras"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.layers.map(\.typeName) == model.layers.map(\.typeName))
        #expect(IOTestSupport.bits(try loaded.predict(x)) == IOTestSupport.bits(try model.predict(x)))
    }

    /// A model's image input scaling (each pixel its own statistics) and output scaling come back
    /// as Normalization layers, the first keeping axes [1, 2, 3], the last inverting: the same
    /// predictions, in the outputs' own units.
    @Test func imageInputScalingAndOutputScalingLoadBackAsLayers() throws {
        let (model, x, _) = IOTestSupport.convModel()
        var generator = RandomGenerator(seed: 6)
        let sample = model.inputShape!, outputs = model.outputShape!.reduce(1, *)
        let pixels = sample.reduce(1, *)
        model.inputNormalization = Normalization(
            method: .standard, offset: (0..<pixels).map { Float($0 % 7) * 0.1 }, scale: (0..<pixels).map { 0.5 + Float($0 % 5) * 0.25 })
        model.outputNormalization = Normalization(
            method: .standard, offset: (0..<outputs).map { 100 + Float($0) },
            scale: (0..<outputs).map { _ in Float.random(in: 2...9, using: &generator) })
        let path = try IOTestSupport.folder() + "/scaled-conv.keras"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.layers.map(\.typeName) == ["Normalization"] + model.layers.map(\.typeName) + ["Normalization"])
        let first = try #require(loaded.layers.first as? NormalizationLayer), last = try #require(loaded.layers.last as? NormalizationLayer)
        #expect(first.axes == [1, 2, 3] && !first.invert && first.mean?.value.shape == sample)
        #expect(last.axes == [-1] && last.invert && last.mean?.value.shape == [outputs])
        let difference = KerasFileSupport.largestDifference(try loaded.predict(x).scalars, try model.predict(x).scalars)
        #expect(difference <= 1e-4, "largest difference \(difference)")
        // Saved again from Plexus, it is the same model.
        let again = try IOTestSupport.folder() + "/again.keras"
        try loaded.save(to: again)
        #expect(IOTestSupport.bits(try Sequential.load(from: again).predict(x)) == IOTestSupport.bits(try loaded.predict(x)))
    }

    @Test func exportCommandWritesAKerasFile() throws {
        let folder = try IOTestSupport.folder()
        let (model, _) = try KerasSaveTests.denseModel()
        try model.save(to: folder + "/model.plexus")
        let result = try CommandRunner.run(["export", "--model", folder + "/model.plexus", "--keras", folder + "/model.keras"])
        #expect(result.status == 0, "\(result.errors)")
        let summary = try CommandRunner.run(["summary", "--model", folder + "/model.keras"])
        #expect(summary.output.contains("input_normalization (Normalization)"), "\(summary.output)\(summary.errors)")
        let wrongName = try CommandRunner.run(["export", "--model", folder + "/model.plexus", "--keras", folder + "/model.h5"])
        #expect(wrongName.status != 0 && wrongName.errors.contains("ending in .keras"))
    }

    @Test func aLeakyReluOfAnotherSlopeIsNotSavable() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()  // its second layer has slope 0.1
        let path = try IOTestSupport.folder() + "/model.keras"
        // Keras's leaky_relu activation has the slope 0.2 only.
        #expect(throws: ModelFileError.self) { try model.save(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
