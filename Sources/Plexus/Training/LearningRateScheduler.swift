/// Sets the optimizer's learning rate at the start of each epoch from a schedule, as Keras's
/// `LearningRateScheduler`.
///
/// ```swift
/// let decay = LearningRateScheduler { epoch, rate in epoch < 10 ? rate : rate * 0.9 }
/// ```
public final class LearningRateScheduler: Callback {
    /// Maps the epoch (from 0) and the current rate to the rate for that epoch.
    public let schedule: (Int, Float) -> Float

    /// A callback that sets the learning rate from `schedule(epoch, currentRate)` before each epoch.
    public init(_ schedule: @escaping (Int, Float) -> Float) {
        self.schedule = schedule
    }

    public func onEpochBegin(_ epoch: Int, model: Sequential) {
        guard let optimizer = model.optimizer else { return }
        optimizer.learningRate = schedule(epoch, optimizer.learningRate)
    }
}
