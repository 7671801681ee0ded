/// The numbers a training run reports: "loss", each metric by name, and the same with a
/// "val_" prefix for validation data, as Keras names them.
public typealias Logs = [String: Float]

/// Something that follows a training run and may steer it, like Keras's callbacks.
///
/// Every method has an empty default, so a callback implements only what it needs. To stop
/// training, set the model's ``Model/stopTraining`` to true; `fit` stops after the current
/// batch.
///
/// ```swift
/// final class PrintLoss: Callback {
///     func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {
///         print("epoch \(epoch): loss \(logs["loss"]!)")
///     }
/// }
/// ```
public protocol Callback: AnyObject {
    /// Before the first epoch.
    func onTrainBegin(model: Model)
    /// After the last epoch (or when training stopped).
    func onTrainEnd(logs: Logs, model: Model)
    /// Before an epoch; epochs count from 0.
    func onEpochBegin(_ epoch: Int, model: Model)
    /// After an epoch, with its training and validation numbers.
    func onEpochEnd(_ epoch: Int, logs: Logs, model: Model)
    /// Before a batch; batches count from 0 within each epoch.
    func onBatchBegin(_ batch: Int, model: Model)
    /// After a batch, with the running averages of the epoch so far.
    func onBatchEnd(_ batch: Int, logs: Logs, model: Model)
}

extension Callback {
    public func onTrainBegin(model: Model) {}
    public func onTrainEnd(logs: Logs, model: Model) {}
    public func onEpochBegin(_ epoch: Int, model: Model) {}
    public func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {}
    public func onBatchBegin(_ batch: Int, model: Model) {}
    public func onBatchEnd(_ batch: Int, logs: Logs, model: Model) {}
}
