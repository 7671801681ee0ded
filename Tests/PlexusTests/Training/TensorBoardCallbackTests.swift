import Foundation
import Testing
@testable import Plexus

@Suite struct TensorBoardCallbackTests {
    /// The scalar points of one event file by tag: (step, value) in file order.
    func scalars(in folder: String) throws -> [String: [(step: Int, value: Float)]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("events.out.tfevents.") }
        try #require(names.count == 1, "\(names)")
        var points: [String: [(step: Int, value: Float)]] = [:]
        for record in try TFRecordReader.records(in: folder + "/" + names[0]).dropFirst() {
            let event = try ProtobufMessage(record)
            for value in try event.messages(5).flatMap({ try $0.messages(1) }) {
                guard try value.messages(9).first?.messages(1).first?.string(1) == "scalars",
                    let content = try value.messages(8).first?.bytes(4), content.count == 4
                else { continue }
                let bits = content.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
                points[value.string(1) ?? "", default: []].append((event.int(2) ?? -1, Float(bitPattern: bits)))
            }
        }
        return points
    }

    @Test func writesKerasLayoutWithOnePointPerEpoch() throws {
        let data = TrainingData.blobs(centers: [[0, 0], [3, 3]], count: 20, spread: 0.5, seed: 1)
        let model = Sequential(inputShape: [2], seed: 1) {
            Dense(4, activation: .relu)
            Dense(2)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        let folder = try IOTestSupport.folder() + "/logs"
        let board = try TensorBoard(logDir: folder, histogramFrequency: 2)
        let history = try model.fit(data.x, data.y, epochs: 3, batchSize: 8, validationSplit: 0.25, callbacks: [board], verbose: .silent)
        #expect(board.failure == nil)

        let train = try scalars(in: folder + "/train")
        #expect(Set(train.keys) == ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"])
        #expect(train["epoch_loss"]?.map(\.step) == [0, 1, 2])
        #expect(train["epoch_loss"]?.map(\.value) == history["loss"])
        #expect(train["epoch_learning_rate"]?.map(\.value) == [0.01, 0.01, 0.01])
        let validation = try scalars(in: folder + "/validation")
        #expect(Set(validation.keys) == ["epoch_loss", "epoch_accuracy"])
        #expect(validation["epoch_loss"]?.map(\.value) == history["val_loss"])

        // Histograms in epochs 0 and 2, one per weight, named by layer.
        let file = try FileManager.default.contentsOfDirectory(atPath: folder + "/train")[0]
        var histogramTags: [String] = []
        for record in try TFRecordReader.records(in: folder + "/train/" + file) {
            for value in try ProtobufMessage(record).messages(5).flatMap({ try $0.messages(1) })
            where try value.messages(9).first?.messages(1).first?.string(1) == "histograms" {
                histogramTags.append(value.string(1) ?? "")
            }
        }
        let names = model.layers.flatMap { layer in layer.parameters.map { "\(layer.name)/\($0.name)/histogram" } }
        #expect(histogramTags == names + names)
    }

    @Test func aFileWhereTheFolderShouldBeIsAnErrorAtOnce() throws {
        let file = try IOTestSupport.folder() + "/taken"
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(throws: DataError.self) { try TensorBoard(logDir: file) }
    }
}
