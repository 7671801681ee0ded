import Foundation
import Testing
@testable import Plexus

/// `fit` and `evaluate` on data sources: the same training as on tensors, bad rows found as
/// they are read, and no background read left behind when training throws.
@Suite struct StreamedFitTests {
    static func model() -> Sequential {
        let model = Sequential(seed: 11) {
            Dense(6, activation: .relu)
            Dense(3)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        return model
    }

    static let data = TrainingData.blobs(centers: [[0, 0], [3, 3], [0, 4]], count: 20, spread: 1, seed: 3)

    static func bits(_ model: Model) -> [[UInt32]] { model.weights.map { $0.scalars.map(\.bitPattern) } }

    @Test(arguments: [false, true])
    func filesTrainBitForBitAsTensors(shuffle: Bool) throws {
        let (x, y) = Self.data
        let inMemory = Self.model()
        let expected = try inMemory.fit(x, y, epochs: 3, batchSize: 7, shuffle: shuffle, validationSplit: 0.2, verbose: .silent)

        let folder = DataTesting.scratchFolder()
        _ = DataSourceTests.write(x.rows(0..<25), named: "x-0.npy", in: folder)
        _ = DataSourceTests.write(x.rows(25..<60), named: "x-1.npy", in: folder)
        let labels = try NPYFileSource(DataSourceTests.write(y))
        for features in [try NPYFileSource(DataSourceTests.write(x)) as any DataSource, try NPYFolderSource(folder)] {
            let streamed = Self.model()
            let history = try streamed.fit(
                features, labels, epochs: 3, batchSize: 7, shuffle: shuffle, validationSplit: 0.2, verbose: .silent)
            #expect(history["loss"].map(\.bitPattern) == expected["loss"].map(\.bitPattern))
            #expect(history["val_loss"].map(\.bitPattern) == expected["val_loss"].map(\.bitPattern))
            #expect(Self.bits(streamed) == Self.bits(inMemory))
            #expect(try streamed.evaluate(features, labels, batchSize: 16) == inMemory.evaluate(x, y, batchSize: 16))
            #expect(try streamed.predict(features, batchSize: 16).scalars == inMemory.predict(x, batchSize: 16).scalars)
        }
    }

    @Test func rowCountsThatDifferAreAnErrorBeforeTraining() throws {
        let (x, y) = Self.data
        let model = Self.model()
        #expect(throws: TrainingError.self) {
            try model.fit(TensorSource(x, name: "features.npy"), TensorSource(y.rows(0..<59), name: "labels.npy"), verbose: .silent)
        }
        do {
            try model.fit(TensorSource(x, name: "features.npy"), TensorSource(y.rows(0..<59), name: "labels.npy"), verbose: .silent)
        } catch let error as TrainingError {
            #expect(error.description == "x and y must have the same number of rows: features.npy has 60, labels.npy has 59")
        }
        #expect(model.optimizer!.step == 0)
    }

    @Test func aBadLabelDeepInTheDataStopsTrainingNamingItsRows() throws {
        let (x, y) = Self.data
        var labels = y.scalars
        labels[45] = 7
        let model = Self.model()
        do {
            try model.fit(
                TensorSource(x), TensorSource(Tensor(labels), name: "labels.npy"), batchSize: 10, shuffle: false, verbose: .silent)
            Issue.record("expected an error")
        } catch let error as TrainingError {
            #expect(error.kind == .labelOutOfRange)
            #expect(error.description.contains("batch of rows [40, 41, 42, 43, ...]: label 7.0 in row 5 is not one of the 3 classes"))
        }
        #expect(model.optimizer!.step == 4)
    }

    /// A source read on the background queue that fails at one batch, and counts its reads.
    final class FailingSource: DataSource {
        let tensor: Tensor
        let failAt: Int
        let reads = Locked((started: 0, inFlight: 0))
        var count: Int { tensor.shape[0] }
        var sampleShape: [Int] { Array(tensor.shape.dropFirst()) }
        var name: String { "failing" }

        init(_ tensor: Tensor, failAt: Int) {
            self.tensor = tensor
            self.failAt = failAt
        }

        func batch(rows: [Int]) throws -> Tensor {
            let number = reads.withLock { reads in
                reads.started += 1
                reads.inFlight += 1
                return reads.started
            }
            defer { reads.withLock { $0.inFlight -= 1 } }
            usleep(2000)  // a slow disk: the read is still running while the step before ends
            if number == failAt { throw DataError(.ioFailure, file: name, "failing: cannot read the file (Input/output error)") }
            return tensor.gatheringRows(rows)
        }
    }

    @Test func thePrefetchStopsWhenTrainingThrows() throws {
        let (x, y) = Self.data
        // Read 1 is the check of the first batch, then batch 1, 2, ...: read 5 is batch 4.
        let source = FailingSource(x, failAt: 5)
        let model = Self.model()
        #expect(throws: DataError.self) {
            try model.fit(source, TensorSource(y), epochs: 2, batchSize: 10, verbose: .silent)
        }
        let after = source.reads.withLock { $0 }
        #expect(after.inFlight == 0)
        #expect(after.started == 5)
        #expect(model.optimizer!.step == 3)
        usleep(20_000)
        #expect(source.reads.withLock { $0 }.started == 5)
    }
}
