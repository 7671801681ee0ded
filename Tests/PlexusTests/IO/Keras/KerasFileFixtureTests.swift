import Foundation
import Testing
@testable import Plexus

/// Models saved by Keras 3.15.1 load with their architecture, weights and compile settings and
/// predict what Keras predicted, through the library and through `plexus predict`.
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasFileFixtureTests {
    @Test(arguments: KerasFileSupport.names)
    func predictsAsKerasDid(_ name: String) throws {
        let fixture = try KerasFileSupport.fixture(name)
        let model = try Sequential.load(from: KerasFileSupport.path(name))
        let predictions = try model.predict(fixture.inputs.tensor)
        #expect(predictions.shape == fixture.outputs.shape)
        let difference = KerasFileSupport.largestDifference(predictions.scalars, fixture.outputs.values)
        #expect(difference <= 1e-5, "\(name): largest difference \(difference)")
    }

    @Test(arguments: KerasFileSupport.names)
    func commandPredictsAsKerasDid(_ name: String) throws {
        let fixture = try KerasFileSupport.fixture(name)
        let folder = try IOTestSupport.folder()
        let width = fixture.inputs.values.count / fixture.inputs.shape[0]
        var csv = (0..<width).map { "f\($0)" }.joined(separator: ",") + "\n"
        for row in 0..<fixture.inputs.shape[0] {
            csv += fixture.inputs.values[(row * width)..<((row + 1) * width)].map { "\($0)" }.joined(separator: ",") + "\n"
        }
        try csv.write(toFile: folder + "/inputs.csv", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["predict", "--model", KerasFileSupport.path(name), "--input", folder + "/inputs.csv"])
        #expect(result.status == 0, "\(result.errors)")
        let rows = result.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Float($0) } }
        let classes = fixture.probabilities.shape[1]
        let printed = rows.flatMap { $0.suffix(classes) }
        #expect(rows.count == fixture.inputs.shape[0])
        let difference = KerasFileSupport.largestDifference(printed, fixture.probabilities.values)
        #expect(difference <= 1e-5, "\(name): largest difference \(difference)\n\(result.output)")
    }

    @Test func readsTheLayersAndCompileSettings() throws {
        let model = try Sequential.load(from: KerasFileSupport.path("mlp"))
        #expect(model.name == "mlp")
        #expect(model.inputShape == [6])
        #expect(model.layers.map(\.typeName) == ["Rescaling", "Dense", "Dropout", "Dense", "Dense"])
        #expect((model.layers[0] as? Rescaling)?.offset == -0.5)
        #expect((model.layers[2] as? Dropout)?.rate == 0.25)
        #expect((model.layers[3] as? Dense)?.activation == .tanh)
        let adam = try #require(model.optimizer as? Adam)
        #expect(adam.learningRate == 0.01)
        #expect((model.loss as? SparseCategoricalCrossentropy)?.fromLogits == true)
        #expect(model.metrics.map(\.name) == ["accuracy"])

        let cnn = try Sequential.load(from: KerasFileSupport.path("cnn"))
        #expect(cnn.layers.map(\.typeName) == ["Conv2D", "BatchNormalization", "MaxPooling2D", "Conv2D", "Flatten", "Dense"])
        let sgd = try #require(cnn.optimizer as? SGD)
        #expect(sgd.momentum == 0.9)
        // The moving statistics are the trained ones, not the initial 0 and 1.
        let batchNormalization = try #require(cnn.layers[1] as? BatchNormalization)
        #expect(batchNormalization.parameters[2].value.scalars.contains { $0 != 0 })
    }

    @Test func theLoadedModelTrainsOn() throws {
        let fixture = try KerasFileSupport.fixture("mlp")
        let model = try Sequential.load(from: KerasFileSupport.path("mlp"))
        let labels = Tensor(shape: [fixture.inputs.shape[0]], scalars: [0, 1, 2, 1, 0])
        let history = try model.fit(fixture.inputs.tensor, labels, epochs: 2, batchSize: 5, verbose: .silent)
        #expect(history["loss"].count == 2 && history["loss"].allSatisfy(\.isFinite))
    }
}
