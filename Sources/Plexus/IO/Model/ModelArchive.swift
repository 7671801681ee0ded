import Foundation

/// What a saved model's safetensors `__metadata__` holds besides the weights: string keys,
/// each a JSON document (the format allows only strings there), so that any safetensors
/// reader can show them:
///
/// - `format`: `"plexus"`; `format_version`: `"1"`;
/// - `architecture`: the model's name, seed, input shape and layers (``LayerConfiguration``),
///   and for a functional model its graph (``GraphConfiguration``);
/// - `compile`: loss, optimizer and metrics (``CompileConfiguration``), when compiled;
/// - `preprocessing`: which scalings the model applies (their statistics are the tensors
///   `preprocessing.input.offset`, `preprocessing.input.scale`, and `preprocessing.output.*`);
/// - `history`: the last training run's ``History`` (loss and metrics per epoch, learning
///   rates, timing), when the model was trained; older files have none;
/// - `training`, in checkpoints only: epochs completed, the optimizer's step, and each
///   Dropout layer's random draws (the optimizer's slots are tensors
///   `optimizer.<layer>.<parameter>.<slot>`).
///
/// The weights are tensors `<layer>.<parameter>`, such as `dense_1.kernel` (Keras's layout:
/// Dense `[in, out]`, Conv2D `[kh, kw, in, out]`).
struct ModelArchive {
    /// The format this Plexus writes; files of a larger version are refused with a message.
    static let formatVersion = 1

    enum Key {
        static let format = "format"
        static let formatVersion = "format_version"
        static let architecture = "architecture"
        static let compile = "compile"
        static let preprocessing = "preprocessing"
        static let training = "training"
        static let labels = "labels"
        static let history = "history"
    }

    struct Architecture: Codable, Equatable {
        var name: String
        var seed: UInt64
        var inputShape: [Int]?
        var layers: [LayerConfiguration]
        /// How the layers are called, for a functional model; nil for a chain.
        var graph: GraphConfiguration?
    }

    struct Preprocessing: Codable, Equatable {
        struct Scaling: Codable, Equatable {
            var method: Normalization.Method
            var features: Int
        }
        var input: Scaling?
        var output: Scaling?
    }

    /// Where training stood, for resuming it.
    struct TrainingState: Codable, Equatable {
        /// One Dropout layer's mask generator, where training left it.
        struct DropoutGenerator: Codable, Equatable {
            var layer: String
            var generator: RandomGenerator
        }
        var epochsCompleted: Int
        var optimizerStep: Int
        /// A list, not a map: JSON key conversion would rename layers such as "dropout_1".
        var dropoutGenerators: [DropoutGenerator]
    }

    var architecture: Architecture
    var compile: CompileConfiguration?
    var preprocessing: Preprocessing
    var training: TrainingState?
    /// What the labels were (see ``LabelEncoding``), when the model has an encoding.
    var labels: LabelEncoding?
    /// The last training run, when the model was trained.
    var history: History?

    /// The history's own coders: its value names ("val_loss") are dictionary keys, which the
    /// snake-case conversion of the others would rename on reading; a diverged metric is "nan".
    static let historyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

    static let historyDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// The metadata map of this archive.
    func metadata() throws -> [String: String] {
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try ModelArchive.encoder.encode(value), as: UTF8.self)
        }
        var map = [
            Key.format: "plexus",
            Key.formatVersion: String(ModelArchive.formatVersion),
            Key.architecture: try json(architecture),
            Key.preprocessing: try json(preprocessing),
        ]
        if let compile { map[Key.compile] = try json(compile) }
        if let training { map[Key.training] = try json(training) }
        if let labels { map[Key.labels] = try json(labels) }
        if let history { map[Key.history] = String(decoding: try ModelArchive.historyEncoder.encode(history), as: UTF8.self) }
        return map
    }

    /// The archive in a metadata map, checked: the format and its version first, so that a
    /// newer file says so rather than failing on a field it does not know.
    init(metadata: [String: String], file: String) throws {
        guard metadata[Key.format] == "plexus", let versionText = metadata[Key.formatVersion] else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): a safetensors file, but not a saved Plexus model (its metadata has no Plexus format); to use its weights, build the model and call importWeights(from:layout:mapping:)"
            )
        }
        guard let version = Int(versionText), version >= 1 else {
            throw ModelFileError(.malformed, file: file, "\(file): the format version '\(versionText)' is not a positive whole number")
        }
        guard version <= ModelArchive.formatVersion else {
            throw ModelFileError(
                .newerFormat, file: file,
                "\(file): written by a newer Plexus (format \(version)); this one reads up to \(ModelArchive.formatVersion)")
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String, decoder: JSONDecoder = ModelArchive.decoder) throws -> T? {
            guard let text = metadata[key] else { return nil }
            do {
                return try decoder.decode(type, from: Data(text.utf8))
            } catch {
                throw ModelFileError(
                    .malformed, file: file, "\(file): the metadata '\(key)' does not describe a model: \(ModelArchive.explain(error))")
            }
        }
        guard let architecture = try decode(Architecture.self, Key.architecture) else {
            throw ModelFileError(.malformed, file: file, "\(file): the metadata has no 'architecture'")
        }
        self.architecture = architecture
        compile = try decode(CompileConfiguration.self, Key.compile)
        preprocessing = try decode(Preprocessing.self, Key.preprocessing) ?? Preprocessing()
        training = try decode(TrainingState.self, Key.training)
        labels = try decode(LabelEncoding.self, Key.labels)
        history = try decode(History.self, Key.history, decoder: ModelArchive.historyDecoder)
        if let labels, !labels.isConsistent || labels.classNames.count > LearningTask.maximumClasses * 100 {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): the metadata 'labels' does not agree with itself (its task, class names and values differ in number)")
        }
    }

    init(
        architecture: Architecture, compile: CompileConfiguration?, preprocessing: Preprocessing, training: TrainingState?,
        labels: LabelEncoding?, history: History? = nil
    ) {
        self.architecture = architecture
        self.compile = compile
        self.preprocessing = preprocessing
        self.training = training
        self.labels = labels
        self.history = history
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "'\(path(context))' has the wrong type"
        case .keyNotFound(let key, let context):
            return "\(context.codingPath.isEmpty ? "" : "'\(path(context))' ")is missing '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "'\(path(context))': \(context.debugDescription)"
        @unknown default:
            return "it does not decode"
        }
    }
}
