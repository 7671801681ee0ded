/// Stops training at once when the loss becomes NaN or infinite, and says where, as Keras's
/// `TerminateOnNaN`.
///
/// ```swift
/// try model.fit(x, y, epochs: 10, callbacks: [TerminateOnNaN()])
/// ```
public final class TerminateOnNaN: Callback {
    /// Where the loss stopped being finite: the epoch and the batch within it (both from 0).
    public private(set) var stoppedAt: (epoch: Int, batch: Int)?

    private var epoch = 0
    private let output: ProgressOutput

    /// A callback that stops training at the first batch whose loss is not finite.
    ///
    /// - Parameter output: where the message goes (standard error by default).
    public init(output: ProgressOutput = .standardError) {
        self.output = output
    }

    public func onEpochBegin(_ epoch: Int, model: Sequential) {
        self.epoch = epoch
    }

    public func onBatchEnd(_ batch: Int, logs: Logs, model: Sequential) {
        guard let loss = logs["loss"], !loss.isFinite else { return }
        stoppedAt = (epoch, batch)
        model.stopTraining = true
        output.write("Epoch \(epoch + 1), batch \(batch + 1): invalid loss (\(loss)), terminating training\n")
    }
}
