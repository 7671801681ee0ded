import Foundation

/// Saves the model as training goes, as Keras's `ModelCheckpoint`: after every epoch, or only
/// when a monitored number reaches a new best.
///
/// ```swift
/// let checkpoint = ModelCheckpoint(path: "best.plexus", monitor: "val_loss", saveBestOnly: true)
/// try model.fit(x, y, epochs: 50, validationSplit: 0.2, callbacks: [checkpoint])
/// let best = try Sequential.load(from: "best.plexus")
///
/// // A checkpoint per epoch, each enough to resume training from:
/// ModelCheckpoint(path: "run-{epoch}.plexus", includeOptimizer: true)
/// ```
///
/// `{epoch}` in the path becomes the epoch's number, counting from 1 as Keras's does. Each save
/// is atomic, so a crash mid-save leaves the previous checkpoint intact. A failed save stops
/// training and is kept in ``lastError`` (callbacks cannot throw).
public final class ModelCheckpoint: Callback {
    /// Where the model is saved; `{epoch}` becomes the epoch's number, from 1.
    public let path: String
    /// The logged number judged with ``saveBestOnly``, such as "val_loss".
    public let monitor: String
    /// Whether to save only when ``monitor`` reaches a new best.
    public let saveBestOnly: Bool
    /// Whether each file also holds the optimizer state, to resume training from.
    public let includeOptimizer: Bool
    /// Whether larger or smaller values of ``monitor`` are better.
    public let mode: EarlyStopping.Mode

    /// The best monitored value so far (with `saveBestOnly`).
    public private(set) var best: Float?
    /// The epochs (from 0) after which the model was saved, in order.
    public private(set) var savedEpochs: [Int] = []
    /// The error of the last failed save, if any.
    public private(set) var lastError: (any Error)?

    /// A checkpoint callback that saves the model to `path` after each epoch (or each new best).
    ///
    /// - Parameters:
    ///   - path: where to save; `{epoch}` is replaced by the epoch's number, from 1.
    ///   - monitor: the number judged with `saveBestOnly` ("val_loss", "accuracy", ...).
    ///   - saveBestOnly: save only when `monitor` improves on its best so far.
    ///   - includeOptimizer: save the optimizer state too, to resume training (see
    ///     ``Sequential/save(to:includeOptimizer:)``).
    ///   - mode: whether larger or smaller is better; by default, larger for names containing
    ///     "acc", smaller for the rest.
    public init(
        path: String, monitor: String = "val_loss", saveBestOnly: Bool = false, includeOptimizer: Bool = false,
        mode: EarlyStopping.Mode = .automatic
    ) {
        self.path = path
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.includeOptimizer = includeOptimizer
        self.mode = mode
    }

    private var maximizes: Bool {
        switch mode {
        case .maximize: return true
        case .minimize: return false
        case .automatic: return monitor.contains("acc")
        }
    }

    /// The path for an epoch (counting from 0).
    public func path(forEpoch epoch: Int) -> String {
        path.replacingOccurrences(of: "{epoch}", with: String(epoch + 1))
    }

    public func onTrainBegin(model: Sequential) {
        lastError = nil
    }

    public func onEpochEnd(_ epoch: Int, logs: Logs, model: Sequential) {
        if saveBestOnly {
            guard let value = logs[monitor] else {
                ProgressOutput.standardError.write(
                    "warning: ModelCheckpoint monitors '\(monitor)', which is not among \(logs.keys.sorted()); nothing saved\n")
                return
            }
            if let best, !(maximizes ? value > best : value < best) { return }
            guard value.isFinite else { return }
            best = value
        }
        do {
            try model.save(to: path(forEpoch: epoch), includeOptimizer: includeOptimizer)
            savedEpochs.append(epoch)
        } catch {
            lastError = error
            ProgressOutput.standardError.write("error: ModelCheckpoint could not save: \(error)\n")
            model.stopTraining = true
        }
    }
}
