import Foundation

/// The three members of a Keras 3 `.keras` file, a zip archive: `config.json` (the model's
/// class, layers and compile settings), `metadata.json` (the Keras version and date) and
/// `model.weights.h5` (the weights, an HDF5 file).
struct KerasArchive {
    static let configMember = "config.json"
    static let metadataMember = "metadata.json"
    static let weightsMember = "model.weights.h5"
    /// The Keras version whose files Plexus writes and was checked against.
    static let kerasVersion = "3.15.1"
    /// The largest `config.json` or `metadata.json` read: far more than any model needs.
    static let maximumJSONBytes = 16 << 20

    /// The parsed `config.json`.
    var config: [String: ConfigurationValue]
    /// The bytes of `model.weights.h5`.
    var weights: [UInt8]

    /// Whether `path` names a Keras file (by its extension, as Keras decides).
    static func isKerasPath(_ path: String) -> Bool { path.lowercased().hasSuffix(".keras") }

    /// Reads the archive at `path`, its size and every member's checked against the read limit
    /// (``ReadLimits``) before anything is inflated.
    init(path: String) throws {
        let zip = try ZipArchive(bytes: try FileBytes.read(path), name: path)
        func member(_ name: String) throws -> ZipArchive.Entry {
            guard let entry = zip.entries.first(where: { $0.name == name }) else {
                throw ModelFileError(
                    .malformed, file: path,
                    "\(path): not a Keras model file: the zip archive has no \(name) (it holds \(ErrorText.cut(zip.entries.map(\.name).joined(separator: ", "), limit: 120)))"
                )
            }
            return entry
        }
        if let asset = zip.entries.first(where: { $0.name.hasPrefix("assets/") && $0.uncompressedSize > 0 }) {
            throw ModelFileError(
                .unsupported, file: path,
                "\(path): the model keeps assets (\(ErrorText.cut(asset.name, limit: 60))), which Plexus layers never have")
        }
        let configEntry = try member(KerasArchive.configMember)
        guard configEntry.uncompressedSize <= KerasArchive.maximumJSONBytes else {
            throw ModelFileError(
                .malformed, file: path,
                "\(path): config.json claims \(configEntry.uncompressedSize) bytes, more than the \(KerasArchive.maximumJSONBytes) a model configuration can need"
            )
        }
        let json = try zip.contents(of: configEntry)
        guard case .object(let config)? = try? JSONDecoder().decode(ConfigurationValue.self, from: Data(json)) else {
            throw ModelFileError(.malformed, file: path, "\(path): config.json is not a JSON object")
        }
        self.config = config
        weights = try zip.contents(of: try member(KerasArchive.weightsMember))
    }

    /// Writes the `.keras` file of `model` (its `config.json` object, its layers' weights and
    /// its optimizer's state), atomically.
    static func write(config: [String: ConfigurationValue], weights: [KerasWeights.LayerWeights], of model: Model, to path: String) throws {
        let weightBytes = try KerasWeights.write(
            weights, optimizer: KerasOptimizerState.Snapshot(of: model), modelName: model.name, file: path)
        try AtomicFile.write(try encode(config: config, weights: weightBytes, name: path), to: path)
    }

    /// The bytes of a `.keras` file holding `config` and the weight file `weights`.
    static func encode(config: [String: ConfigurationValue], weights: [UInt8], name: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let metadata = ConfigurationValue.object([
            "keras_version": .string(kerasVersion), "date_saved": .string(dateSaved()),
        ])
        return try ZipWriter.archive(
            [
                (metadataMember, Array(try encoder.encode(metadata))),
                (configMember, Array(try encoder.encode(ConfigurationValue.object(config)))),
                (weightsMember, weights),
            ], name: name)
    }

    /// Now, as Keras writes `date_saved` ("2026-11-30@15:56:19", local time).
    private static func dateSaved() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        return formatter.string(from: Date())
    }
}
