import Foundation
import Testing
@testable import Plexus

/// The .keras fixtures written by Keras 3.15.1 (Tests/PlexusTests/Data/Fixtures/keras/kerasfiles,
/// made by generator/kerasfiles.py), and ways to make damaged copies of them.
///
/// The tests that read or write weights need Debian's HDF5 library (libhdf5-103-1): without it
/// they are skipped with that reason (a fresh `swift test` passes); `.ci/run` installs it first,
/// so CI runs them all.
enum KerasFileSupport {
    static let hdf5Missing: Comment = "libhdf5 is not installed (apt-get install libhdf5-103-1; .ci/run installs it)"

    struct Fixture: Decodable {
        let name: String
        let inputs: KerasFixture.Values
        let outputs: KerasFixture.Values
        let probabilities: KerasFixture.Values
    }

    static let names = ["cnn", "mixed", "mlp"]

    static func path(_ name: String, group: String = "kerasfiles") -> String {
        KerasFixture.folder(group).appendingPathComponent(name + ".keras").path
    }

    static func fixture(_ name: String) throws -> Fixture {
        let url = KerasFixture.folder("kerasfiles").appendingPathComponent(name + ".json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// The largest difference, absolute, or relative where the expected value is above 1.
    static func largestDifference(_ actual: [Float], _ expected: [Float]) -> Double {
        zip(actual, expected).map { Double(abs($0 - $1)) / max(1, Double(abs($1))) }.max() ?? 0
    }

    /// The members of the fixture `name`, by name.
    static func members(_ name: String, group: String = "kerasfiles") throws -> [String: [UInt8]] {
        try members(atPath: path(name, group: group))
    }

    /// The members of the .keras file at `path`, by name.
    static func members(atPath path: String) throws -> [String: [UInt8]] {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let zip = try ZipArchive(bytes: bytes, name: path)
        return Dictionary(uniqueKeysWithValues: try zip.entries.map { ($0.name, try zip.contents(of: $0)) })
    }

    /// A copy of the fixture `name` in `folder`, its config.json changed by `edit` and its
    /// members by `editMembers`.
    static func damaged(
        _ name: String, group: String = "kerasfiles", in folder: String, config edit: (inout [String: Any]) -> Void = { _ in },
        members editMembers: (inout [String: [UInt8]]) -> Void = { _ in }
    ) throws -> String {
        let path = folder + "/" + name + ".keras"
        try write(try members(name, group: group), to: path, config: edit, members: editMembers)
        return path
    }

    /// Writes `members` as a .keras file at `path`, its config.json changed by `edit` and its
    /// members by `editMembers`, in Keras's member order.
    static func write(
        _ members: [String: [UInt8]], to path: String, config edit: (inout [String: Any]) -> Void,
        members editMembers: (inout [String: [UInt8]]) -> Void = { _ in }
    ) throws {
        var members = members
        var config = try #require(JSONSerialization.jsonObject(with: Data(members["config.json"]!)) as? [String: Any])
        edit(&config)
        members["config.json"] = Array(try JSONSerialization.data(withJSONObject: config))
        editMembers(&members)
        let order = ["metadata.json", "config.json", "model.weights.h5"]
        let list =
            order.compactMap { key in members[key].map { (key, $0) } }
            + members.keys.filter { !order.contains($0) }.sorted().map { ($0, members[$0]!) }
        try Data(try ZipWriter.archive(list, name: path)).write(to: URL(fileURLWithPath: path))
    }

    /// Changes the config of the layer at `index` (0 is the input layer) in a parsed config.json.
    static func editLayer(_ index: Int, in config: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var model = config["config"] as! [String: Any]
        var layers = model["layers"] as! [[String: Any]]
        var layerConfig = layers[index]["config"] as! [String: Any]
        edit(&layerConfig)
        layers[index]["config"] = layerConfig
        model["layers"] = layers
        config["config"] = model
    }
}
