import Foundation

/// Prints training progress in the manner of Keras:
///
///     Epoch 3/40
///     157/157 ━━━━━━━━━━━━━━━━━━━━ 2s 3ms/step - accuracy: 0.9062 - loss: 0.3010
///
/// On a terminal (verbosity 1) the bar is redrawn in place at most every 0.05 s, with the
/// estimated time left while running and the elapsed time at the end. Anywhere else, and at
/// verbosity 2, each epoch is one plain line with no control characters:
///
///     Epoch 3/40 - 157/157 - 2s - 3ms/step - accuracy: 0.9062 - loss: 0.3010
final class ProgressReporter: Callback {
    let epochs: Int
    let steps: Int
    let firstEpoch: Int
    let output: ProgressOutput
    let redraws: Bool

    private var epochStart = Date()
    private var firstStepEnd: Date?
    private var lastDraw = Date.distantPast
    private var epoch = 0

    init(epochs: Int, steps: Int, firstEpoch: Int, verbosity: Verbosity, output: ProgressOutput) {
        self.epochs = epochs
        self.steps = steps
        self.firstEpoch = firstEpoch
        self.output = output
        self.redraws = verbosity == .progressBar && output.isTerminal
    }

    func onEpochBegin(_ epoch: Int, model: Model) {
        self.epoch = epoch
        epochStart = Date()
        firstStepEnd = nil
        lastDraw = .distantPast
        if redraws && epochs > 1 { output.write("Epoch \(epoch + 1)/\(epochs)\n") }
    }

    func onBatchEnd(_ batch: Int, logs: Logs, model: Model) {
        let now = Date()
        if firstStepEnd == nil { firstStepEnd = now }
        guard redraws, batch + 1 < steps, now.timeIntervalSince(lastDraw) >= 0.05 else { return }
        lastDraw = now
        // The first step (with its one-time costs) is left out of the estimate.
        let timed = batch  // steps after the first
        let perStep = timed > 0 ? now.timeIntervalSince(firstStepEnd!) / Double(timed) : now.timeIntervalSince(epochStart)
        let remaining = perStep * Double(steps - batch - 1)
        output.write(
            "\r" + progressLine(done: batch + 1, time: ProgressReporter.formatDuration(remaining), perStep: perStep, logs: logs)
                + "\u{1B}[K")
    }

    func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {
        let elapsed = Date().timeIntervalSince(epochStart)
        let perStep = elapsed / Double(Swift.max(steps, 1))
        let time = "\(Int(elapsed))s"
        if redraws {
            output.write("\r" + progressLine(done: steps, time: time, perStep: perStep, logs: logs) + "\u{1B}[K\n")
        } else {
            let header = epochs > 1 ? "Epoch \(epoch + 1)/\(epochs) - " : ""
            output.write(
                header + "\(steps)/\(steps) - \(time) -" + ProgressReporter.formatPerStep(perStep)
                    + ProgressReporter.formatLogs(logs) + "\n")
        }
    }

    private func progressLine(done: Int, time: String, perStep: Double, logs: Logs) -> String {
        let width = 20
        let filled = steps == 0 ? width : Swift.min(width, done * width / steps)
        let bar =
            "\u{1B}[32m" + String(repeating: "━", count: filled) + "\u{1B}[0m\u{1B}[2m"
            + String(repeating: "━", count: width - filled) + "\u{1B}[0m"
        return "\(done)/\(steps) \(bar) \(time)" + ProgressReporter.formatPerStep(perStep) + ProgressReporter.formatLogs(logs)
    }

    /// " 3ms/step", in s, ms or us as Keras chooses.
    static func formatPerStep(_ seconds: Double) -> String {
        if seconds >= 1 || seconds == 0 { return " \(Int(seconds.rounded()))s/step" }
        if seconds >= 1e-3 { return " \(Int((seconds * 1e3).rounded()))ms/step" }
        return " \(Int((seconds * 1e6).rounded()))us/step"
    }

    /// "1:02:03", "2:03" or "3s".
    static func formatDuration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60) }
        if whole >= 60 { return String(format: "%d:%02d", whole / 60, whole % 60) }
        return "\(whole)s"
    }

    /// " - accuracy: 0.9062 - loss: 0.3010", sorted by name, validation last; four decimals,
    /// or scientific notation for values of at most 1e-3 in size.
    static func formatLogs(_ logs: Logs) -> String {
        let names = logs.keys.sorted { a, b in
            let aValidation = a.hasPrefix("val_"), bValidation = b.hasPrefix("val_")
            return aValidation == bValidation ? a < b : !aValidation
        }
        return names.map { " - \($0): " + formatValue(logs[$0]!) }.joined()
    }

    static func formatValue(_ value: Float) -> String {
        if Swift.abs(value) > 1e-3 || !value.isFinite { return String(format: "%.4f", Double(value)) }
        return String(format: "%.4e", Double(value))
    }
}
