import Foundation

/// Writes TensorBoard logs as training goes, in the layout of Keras's `TensorBoard` callback,
/// so that one TensorBoard shows Plexus runs next to Keras runs.
///
/// `logDir/train` gets, after each epoch, the scalars `epoch_loss`, `epoch_<metric>` and
/// `epoch_learning_rate`; `logDir/validation` gets `epoch_loss` and `epoch_<metric>` of the
/// validation data (when there is some). The step of every point is the epoch, counting from 0.
/// With `histogramFrequency` n > 0, every n-th epoch also writes a histogram of each weight,
/// tagged `<layer>/<weight>/histogram` (Keras 3 tags only `<weight>/histogram`, which makes
/// the kernels of two layers one series; the layer's name keeps them apart).
///
/// ```swift
/// let board = try TensorBoard(logDir: "logs/run1")
/// try model.fit(x, y, epochs: 8, validationSplit: 0.1, callbacks: [board])
/// // tensorboard --logdir logs
/// ```
///
/// A write that fails during training (a full disk) does not stop training: the callback
/// stops writing and keeps the error in ``failure``.
public final class TensorBoard: Callback {
    /// The folder holding `train/` and `validation/`.
    public let logDirectory: String
    /// Every how many epochs weight histograms are written; 0 for never.
    public let histogramFrequency: Int
    /// The first write that failed; nil while every write succeeded.
    public private(set) var failure: DataError?

    private let train: EventFileWriter
    private var validation: EventFileWriter?

    /// Creates `logDir/train` (and missing parents) and its event file at once, so that a
    /// folder that cannot be written is an error before training starts.
    /// - Throws: ``DataError`` (kind `.ioFailure`) naming the folder or file.
    public init(logDir: String, histogramFrequency: Int = 0) throws {
        logDirectory = logDir
        self.histogramFrequency = Swift.max(histogramFrequency, 0)
        train = try EventFileWriter(folder: TensorBoard.join(logDir, "train"), wallTime: TensorBoard.now())
    }

    /// The event files written so far (train first).
    public var eventFiles: [String] { [train.path] + (validation.map { [$0.path] } ?? []) }

    /// Writes the epoch's scalars (and histograms, every ``histogramFrequency`` epochs).
    public func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {
        guard failure == nil else { return }
        do {
            let time = TensorBoard.now()
            var trainLogs = logs.filter { !$0.key.hasPrefix("val_") }
            if trainLogs["learning_rate"] == nil, let rate = model.optimizer?.learningRate { trainLogs["learning_rate"] = rate }
            for (name, value) in trainLogs.sorted(by: { $0.key < $1.key }) {
                try train.append(TensorBoardEvent.scalar(tag: "epoch_" + name, value: value, step: epoch, wallTime: time))
            }
            let validationLogs = logs.filter { $0.key.hasPrefix("val_") }
            if !validationLogs.isEmpty {
                let writer = try validationWriter()
                for (name, value) in validationLogs.sorted(by: { $0.key < $1.key }) {
                    try writer.append(
                        TensorBoardEvent.scalar(tag: "epoch_" + name.dropFirst(4), value: value, step: epoch, wallTime: time))
                }
            }
            if histogramFrequency > 0, epoch % histogramFrequency == 0 {
                for layer in model.layers {
                    for parameter in layer.parameters {
                        let buckets = HistogramBucket.buckets(of: parameter.value.scalars)
                        try train.append(
                            TensorBoardEvent.histogram(
                                tag: "\(layer.name)/\(parameter.name)/histogram", buckets: buckets, step: epoch, wallTime: time))
                    }
                }
            }
        } catch let error as DataError {
            failure = error
        } catch {
            failure = DataError(.ioFailure, file: logDirectory, "\(logDirectory): \(error)")
        }
    }

    private func validationWriter() throws -> EventFileWriter {
        if let validation { return validation }
        let writer = try EventFileWriter(folder: TensorBoard.join(logDirectory, "validation"), wallTime: TensorBoard.now())
        validation = writer
        return writer
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func now() -> Double { Date().timeIntervalSince1970 }
}
