import Foundation
import Testing
@testable import Plexus

@Suite struct HistorySaveLoadTests {
    @Test func historyTravelsWithTheModel() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let history = try #require(model.history)
        #expect(history.epochs == [0, 1, 2] && history.learningRates == [0.01, 0.01, 0.01])
        #expect(history.epochSeconds.count == 3 && history.batchSize == 16 && history.trainingSamples == 90)
        let path = try IOTestSupport.folder() + "/m.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.history == history)
        #expect(loaded.history?.epochSeconds == history.epochSeconds)
        #expect(loaded.history?["val_loss"] == [])
    }

    @Test func equalityLeavesTheClockOut() {
        var first = History(), second = History()
        first.append(epoch: 0, logs: ["loss": 1], learningRate: 0.1, seconds: 1)
        second.append(epoch: 0, logs: ["loss": 1], learningRate: 0.1, seconds: 2)
        #expect(first == second)
        second.append(epoch: 1, logs: ["loss": 0.5], learningRate: 0.1, seconds: 2)
        #expect(first != second)
    }

    @Test func fileWithoutHistoryLoadsAndABadHistoryIsAnError() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let folder = try IOTestSupport.folder()
        try model.save(to: folder + "/m.plexus")
        var (tensors, metadata) = try Safetensors.read(folder + "/m.plexus")
        #expect(metadata["history"]?.contains("\"val_loss\"") == false && metadata["history"]?.contains("\"loss\"") == true)

        metadata["history"] = nil  // as files written before histories were saved
        try Safetensors.write(tensors, metadata: metadata, to: folder + "/old.plexus")
        #expect(try Sequential.load(from: folder + "/old.plexus").history == nil)

        for bad in ["{\"values\":{\"loss\":[1,2]},\"epochs\":[0]}", "[1]", "{\"values\":{},\"epochs\":[0],\"batch_size\":-1}"] {
            metadata["history"] = bad
            try Safetensors.write(tensors, metadata: metadata, to: folder + "/bad.plexus")
            #expect(throws: ModelFileError.self) { try Sequential.load(from: folder + "/bad.plexus") }
        }
        tensors = [:]
    }

    @Test func nonFiniteValuesSurviveTheRoundTrip() throws {
        var history = History()
        history.append(epoch: 0, logs: ["loss": .nan, "val_loss": .infinity], learningRate: 0.1, seconds: 1)
        let data = try ModelArchive.historyEncoder.encode(history)
        let back = try ModelArchive.historyDecoder.decode(History.self, from: data)
        #expect(back["loss"].first?.isNaN == true && back["val_loss"] == [.infinity])
    }
}
