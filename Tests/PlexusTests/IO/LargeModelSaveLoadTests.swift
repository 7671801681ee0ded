import Foundation
import Testing
@testable import Plexus

/// Saving and loading a 10-million-parameter model each take under half a second (release).
@Suite(.serialized) struct SaveLoadSpeedTests {
    @Test func tenMillionParametersSaveAndLoadQuickly() throws {
        let model = Sequential(inputShape: [1000], seed: 1) {
            Dense(5000, activation: .relu)
            Dense(1000)
        }
        #expect(model.parameterCount == 10_006_000)
        let path = try IOTestSupport.folder() + "/big.plexus"
        var saveTimes: [Double] = [], loadTimes: [Double] = []
        var loaded: Sequential?
        for _ in 0..<3 {
            let start = Date()
            try model.save(to: path)
            saveTimes.append(Date().timeIntervalSince(start))
            let loadStart = Date()
            loaded = try Sequential.load(from: path)
            loadTimes.append(Date().timeIntervalSince(loadStart))
        }
        #expect(loaded?.weights == model.weights)
        let save = saveTimes.min()!, load = loadTimes.min()!
        print("10M-parameter model: save \(String(format: "%.3f", save)) s, load \(String(format: "%.3f", load)) s (best of 3)")
        #if !DEBUG
        #expect(save < 0.5, "save took \(save) s")
        #expect(load < 0.5, "load took \(load) s")
        #endif
    }
}
