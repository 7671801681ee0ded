import Foundation
import Testing
@testable import Plexus

/// Functional models saved by Keras 3.15.1 (Tests/PlexusTests/Data/Fixtures/keras/kerasfunctional,
/// made by generator/kerasfunctional.py) load with their graph, weights and compile settings and
/// predict what Keras predicted; hostile graphs are clear errors.
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasFunctionalFileTests {
    struct Fixture: Decodable {
        let inputs: [KerasFixture.Values]
        let outputs: KerasFixture.Values
    }

    static let group = "kerasfunctional"

    private func fixture(_ name: String) throws -> Fixture {
        let url = KerasFixture.folder(Self.group).appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: ["residual", "two_inputs"])
    func predictsAsKerasDid(_ name: String) throws {
        let fixture = try fixture(name)
        let model = try Model.load(from: KerasFileSupport.path(name, group: Self.group))
        let predictions = try model.predict(fixture.inputs.map(\.tensor))
        #expect(predictions.shape == fixture.outputs.shape)
        let difference = KerasFileSupport.largestDifference(predictions.scalars, fixture.outputs.values)
        #expect(difference <= 1e-5, "\(name): largest difference \(difference)")
    }

    @Test func readsTheGraphAndCompileSettings() throws {
        let model = try Model.load(from: KerasFileSupport.path("two_inputs", group: Self.group))
        #expect(model.name == "two_inputs")
        #expect(model.layers.map(\.typeName) == ["Dense", "Concatenate", "Dense"])
        #expect(model.inputShapes.compactMap { $0 } == [[5], [3]])
        #expect(model.optimizer is SGD)
        let residual = try Model.load(from: KerasFileSupport.path("residual", group: Self.group))
        let batchNormalization = try #require(residual.layers.first { $0 is BatchNormalization })
        #expect(batchNormalization.parameters[2].value.scalars.contains { $0 != 0 })
        #expect((residual.loss as? SparseCategoricalCrossentropy)?.fromLogits == true)
    }

    @Test func theCommandPredictsFromTwoInputFiles() throws {
        let fixture = try fixture("two_inputs")
        let folder = try IOTestSupport.folder()
        var arguments = ["predict", "--model", KerasFileSupport.path("two_inputs", group: Self.group)]
        for (index, input) in fixture.inputs.enumerated() {
            let width = input.shape[1]
            var csv = (0..<width).map { "f\($0)" }.joined(separator: ",") + "\n"
            for row in 0..<input.shape[0] {
                csv += input.values[(row * width)..<((row + 1) * width)].map { "\($0)" }.joined(separator: ",") + "\n"
            }
            try csv.write(toFile: folder + "/input\(index).csv", atomically: true, encoding: .utf8)
            arguments += ["--input", folder + "/input\(index).csv"]
        }
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 0, "\(result.errors)")
        let printed = result.output.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Float($0) } }
        #expect(printed.count == fixture.outputs.values.count)
        let difference = KerasFileSupport.largestDifference(printed, fixture.outputs.values)
        #expect(difference <= 1e-5, "largest difference \(difference)\n\(result.output)")
    }

    /// The fixture two_inputs with the inbound tensor `node` of layer entry `layer` (0 is the first input) set to `history`.
    private func rewired(_ layer: Int, _ history: [Any], in folder: String) throws -> String {
        try KerasFileSupport.damaged("two_inputs", group: Self.group, in: folder) { config in
            var model = config["config"] as! [String: Any]
            var layers = model["layers"] as! [[String: Any]]
            var nodes = layers[layer]["inbound_nodes"] as! [[String: Any]]
            var args = nodes[0]["args"] as! [Any]
            var tensor = args[0] as! [String: Any]
            var tensorConfig = tensor["config"] as! [String: Any]
            tensorConfig["keras_history"] = history
            tensor["config"] = tensorConfig
            args[0] = tensor
            nodes[0]["args"] = args
            layers[layer]["inbound_nodes"] = nodes
            model["layers"] = layers
            config["config"] = model
        }
    }

    private func failure(_ path: String) -> String {
        do {
            _ = try Model.load(from: path)
            Issue.record("\(path) loaded")
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func hostileGraphsAreClearErrors() throws {
        let folder = try IOTestSupport.folder()
        // Layer entries: features, dense_3, extra, concatenate, dense_4. dense_3 reading dense_4 is a cycle.
        let cycle = try rewired(1, ["dense_4", 0, 0], in: folder)
        #expect(
            failure(cycle).contains("layer 2 'dense_3' (Dense), inbound node 0 reads 'dense_4' node 0, which never comes before it"),
            "\(failure(cycle))")
        let missing = try rewired(1, ["nowhere", 0, 0], in: folder)
        #expect(failure(missing).contains("reads 'nowhere' node 0, which is not a layer of the model"), "\(failure(missing))")
        let secondOutput = try rewired(1, ["features", 0, 1], in: folder)
        #expect(
            failure(secondOutput).contains("layer 2 'dense_3' (Dense), inbound node 0 reads output 1 of 'features'"),
            "\(failure(secondOutput))")
        let badOutput = try KerasFileSupport.damaged("two_inputs", group: Self.group, in: folder) { config in
            var model = config["config"] as! [String: Any]
            model["output_layers"] = ["dense_4", 3, 0]
            config["config"] = model
        }
        #expect(failure(badOutput).contains("output_layers names 'dense_4' call 3, which is no layer's output"), "\(failure(badOutput))")
        let nested = try KerasFileSupport.damaged("two_inputs", group: Self.group, in: folder) { config in
            var model = config["config"] as! [String: Any]
            var layers = model["layers"] as! [[String: Any]]
            layers[4]["class_name"] = "Functional"
            model["layers"] = layers
            config["config"] = model
        }
        #expect(failure(nested).contains("layer 5 'dense_4' (Functional) is a nested model"), "\(failure(nested))")
    }
}
