/// What `fit` returns: for each epoch, the training loss and metrics, and the validation ones
/// when there was validation data, as Keras's `History.history`; also the learning rate and
/// the time of each epoch, and the run's sizes, which reports show.
///
/// ```swift
/// let history = try model.fit(x, y, epochs: 10)
/// print(history["loss"])          // ten values, one per epoch
/// ```
///
/// Two histories are equal when their numbers are: the wall-clock ``epochSeconds`` differ
/// from run to run and are left out of the comparison.
public struct History: Sendable, Equatable, Codable {
    /// The values by name ("loss", "accuracy", "val_loss", ...), one per epoch run.
    public private(set) var values: [String: [Float]] = [:]
    /// The epochs run, counting from 0 (with `initialEpoch`, from there).
    public private(set) var epochs: [Int] = []
    /// The optimizer's learning rate in each epoch (as a schedule left it at the epoch's end).
    public private(set) var learningRates: [Float] = []
    /// How long each epoch took, in seconds (validation included).
    public private(set) var epochSeconds: [Double] = []
    /// The samples trained on in each epoch.
    public internal(set) var trainingSamples = 0
    /// The samples validated on after each epoch (0 without validation).
    public internal(set) var validationSamples = 0
    /// The batch size of the run.
    public internal(set) var batchSize = 0

    /// An empty history, before any epoch.
    /// An empty history, as before the first epoch.
    public init() {}

    /// The values of one name, one per epoch; empty for an unknown name.
    public subscript(_ name: String) -> [Float] { values[name] ?? [] }

    /// The names recorded, sorted.
    public var names: [String] { values.keys.sorted() }

    /// Whether the learning rate changed during the run (a schedule).
    public var learningRateChanged: Bool { Set(learningRates).count > 1 }

    mutating func append(epoch: Int, logs: Logs, learningRate: Float? = nil, seconds: Double? = nil) {
        epochs.append(epoch)
        for (name, value) in logs { values[name, default: []].append(value) }
        if let learningRate { learningRates.append(learningRate) }
        if let seconds { epochSeconds.append(seconds) }
    }

    /// Whether two histories hold the same numbers (the wall-clock ``epochSeconds`` left out).
    public static func == (left: History, right: History) -> Bool {
        left.values == right.values && left.epochs == right.epochs && left.learningRates == right.learningRates
            && left.trainingSamples == right.trainingSamples && left.validationSamples == right.validationSamples
            && left.batchSize == right.batchSize
    }

    private enum CodingKeys: String, CodingKey {
        case values, epochs
        case learningRates = "learning_rates"
        case epochSeconds = "epoch_seconds"
        case trainingSamples = "training_samples"
        case validationSamples = "validation_samples"
        case batchSize = "batch_size"
    }

    /// Reads a saved history; every field but the values and epochs may be missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        values = try container.decode([String: [Float]].self, forKey: .values)
        epochs = try container.decode([Int].self, forKey: .epochs)
        learningRates = try container.decodeIfPresent([Float].self, forKey: .learningRates) ?? []
        epochSeconds = try container.decodeIfPresent([Double].self, forKey: .epochSeconds) ?? []
        trainingSamples = try container.decodeIfPresent(Int.self, forKey: .trainingSamples) ?? 0
        validationSamples = try container.decodeIfPresent(Int.self, forKey: .validationSamples) ?? 0
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? 0
        // A file is input: lengths that disagree would index out of range later.
        guard values.values.allSatisfy({ $0.count == epochs.count }),
            learningRates.isEmpty || learningRates.count == epochs.count,
            epochSeconds.isEmpty || epochSeconds.count == epochs.count,
            trainingSamples >= 0, validationSamples >= 0, batchSize >= 0
        else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "the history's lists do not all have one value per epoch"))
        }
    }
}
