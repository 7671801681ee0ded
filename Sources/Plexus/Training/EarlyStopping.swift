/// Stops training when a monitored number has stopped improving, as Keras's `EarlyStopping`.
///
/// ```swift
/// let stop = EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
/// try model.fit(x, y, epochs: 100, validationSplit: 0.2, callbacks: [stop])
/// ```
///
/// After each epoch it compares the monitored value with the best so far; a change smaller than
/// `minDelta` does not count as improvement. When `patience` epochs in a row have not improved,
/// it stops training, and with `restoreBestWeights` puts back the weights of the best epoch.
public final class EarlyStopping: Callback {
    /// Whether larger or smaller values are better.
    public enum Mode: Sendable {
        /// Smaller is better (losses, errors).
        case minimize
        /// Larger is better (accuracy).
        case maximize
        /// Maximize names that contain "acc", minimize the rest (losses, errors).
        case automatic
    }

    /// The logged number watched, such as "val_loss" or "accuracy".
    public let monitor: String
    /// The smallest change that counts as an improvement.
    public let minDelta: Float
    /// How many epochs without improvement are allowed before stopping.
    public let patience: Int
    /// Whether to put back the weights of the best epoch when stopping.
    public let restoreBestWeights: Bool
    /// Whether larger or smaller values of ``monitor`` are better.
    public let mode: Mode

    /// The best value of ``monitor`` seen so far.
    public private(set) var best: Float?
    /// The epoch (from 0) that gave ``best``.
    public private(set) var bestEpoch: Int?
    /// The epoch at which training was stopped, if it was.
    public private(set) var stoppedEpoch: Int?

    private var wait = 0
    private var bestWeights: [Tensor]?

    /// A callback that stops `fit` once `monitor` has not improved for `patience` epochs.
    ///
    /// - Parameters:
    ///   - monitor: the logged number to watch ("val_loss", "accuracy", ...).
    ///   - minDelta: the smallest change that counts as an improvement (its sign is ignored).
    ///   - patience: the epochs without improvement allowed before stopping.
    ///   - mode: whether larger or smaller is better; by default, larger for names containing
    ///     "acc", smaller for the rest.
    ///   - restoreBestWeights: when stopping, put back the weights of the best epoch.
    public init(
        monitor: String = "val_loss", minDelta: Float = 0, patience: Int = 0, mode: Mode = .automatic,
        restoreBestWeights: Bool = false
    ) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.mode = mode
        self.restoreBestWeights = restoreBestWeights
    }

    private var maximizes: Bool {
        switch mode {
        case .maximize: return true
        case .minimize: return false
        case .automatic: return monitor.contains("acc")
        }
    }

    private func isImprovement(_ value: Float, over reference: Float) -> Bool {
        maximizes ? value - minDelta > reference : value + minDelta < reference
    }

    public func onTrainBegin(model: Sequential) {
        best = nil
        bestEpoch = nil
        stoppedEpoch = nil
        wait = 0
        bestWeights = nil
    }

    public func onEpochEnd(_ epoch: Int, logs: Logs, model: Sequential) {
        guard let value = logs[monitor] else {
            ProgressOutput.standardError.write(
                "warning: EarlyStopping monitors '\(monitor)', which is not among \(logs.keys.sorted())\n")
            return
        }
        wait += 1
        if best.map({ isImprovement(value, over: $0) }) ?? true {
            best = value
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { bestWeights = model.weights }
            return
        }
        if wait >= patience {
            stoppedEpoch = epoch
            model.stopTraining = true
            if restoreBestWeights, let bestWeights { model.setWeights(bestWeights) }
        }
    }
}
