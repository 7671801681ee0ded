/// What `fit` returns: for each epoch, the training loss and metrics, and the validation ones
/// when there was validation data, as Keras's `History.history`.
///
/// ```swift
/// let history = try model.fit(x, y, epochs: 10)
/// print(history["loss"])          // ten values, one per epoch
/// ```
public struct History: Sendable, Equatable {
    /// The values by name ("loss", "accuracy", "val_loss", ...), one per epoch run.
    public private(set) var values: [String: [Float]] = [:]
    /// The epochs run, counting from 0 (with `initialEpoch`, from there).
    public private(set) var epochs: [Int] = []

    /// An empty history, before any epoch.
    public init() {}

    /// The values of one name, one per epoch; empty for an unknown name.
    public subscript(_ name: String) -> [Float] { values[name] ?? [] }

    /// The names recorded, sorted.
    public var names: [String] { values.keys.sorted() }

    mutating func append(epoch: Int, logs: Logs) {
        epochs.append(epoch)
        for (name, value) in logs { values[name, default: []].append(value) }
    }
}
