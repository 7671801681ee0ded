import ArgumentParser
import Foundation
import Plexus
import PlexusBench

/// `plexus bench layers`: where a training step's time goes, layer by layer.
struct LayerBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Time a training step layer by layer (forward, backward), with the loss and Adam's update.",
        discussion: """
            Runs training steps of a model on one random batch (sparse categorical cross-entropy \
            from logits, Adam) and reports the median time of each layer's forward pass and of its \
            part of the backward pass, and of the whole step. Build with -c release.
            """
    )

    @Option(help: "A preset (cnn, lab).")
    var model = "cnn"

    @Option(help: "Layers as text instead of a preset, for example \"conv:16:5:relu,maxpool,flatten,dense:10\".")
    var layers: String?

    @Option(help: "One sample's shape, as plexus summary takes it: 784 or 28,28,1 (default: 28,28,1 for convolutions, else 784).")
    var inputShape: String?

    @Option(help: "Samples per step.")
    var batchSize = 128

    @Option(help: "Output classes (the last layer's width).")
    var classes = 10

    @Option(help: "Timed steps (the median is reported).")
    var rounds = 15

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        try BenchLimits.check("--batch-size", batchSize, atMost: BenchLimits.batchSize)
        try BenchLimits.check("--rounds", rounds, atMost: BenchLimits.rounds)
        guard classes >= 2 else { throw InputError("--classes must be at least 2, got \(classes)") }
        try BenchLimits.check("--classes", classes, atMost: BenchLimits.classes)
        guard let specification = layers ?? LayerSpecification.presets[model.lowercased()] else {
            throw InputError("unknown --model \(quoted(model)): use \(LayerSpecification.presets.keys.sorted().joined(separator: ", "))")
        }
        let parsed = try LayerSpecification.parse(specification)
        if let indexed = parsed.dropFirst().first(where: \.takesIndices) {
            throw InputError("\(indexed.typeName) takes whole-number indices, so it can only be the first layer")
        }
        let convolutional = parsed.contains(where: \.expectsImages)
        let shape = try inputShape.map(SummaryCommand.parseInputShape) ?? (convolutional ? [28, 28, 1] : [784])
        // One batch of input must fit; the layers' own sizes are the model's checks.
        let bytes = shape.reduce(Int?.some(batchSize * MemoryLayout<Float>.size)) { total, size in
            total.flatMap { total in
                let (product, overflow) = total.multipliedReportingOverflow(by: size)
                return overflow ? nil : product
            }
        }
        guard let bytes, bytes <= BenchLimits.operandBytes else {
            throw InputError(
                "--batch-size \(batchSize) of samples of shape \(shape) would take more than \(BenchLimits.operandBytes >> 20) MB")
        }
        let plan = try ArchitecturePlan(layers: parsed, inputShape: shape)
        try plan.checkActivations(batchSize: batchSize)
        // The benchmark's loss is sparse categorical cross-entropy: one row of scores a sample.
        guard plan.outputShape.count == 1 else {
            throw InputError(
                "the layers end in samples of shape \(plan.outputShape); the benchmark needs one row of class scores per sample (add flatten before the last layer)"
            )
        }
        let network = Sequential(parsed, inputShape: shape, seed: 1)
        let result = LayerTimingBenchmark.run(model: network, batchSize: batchSize, classes: classes, rounds: rounds)
        try StandardOutput.line(json ? jsonText(result) : table(result))
    }

    private func table(_ result: LayerTimingBenchmark.Result) -> String {
        let width = max(24, result.parts.map(\.label.count).max() ?? 0)
        func cell(_ value: Double) -> String { String(format: "%9.2f", value) }
        var lines = ["\("part".padding(toLength: width, withPad: " ", startingAt: 0))  forward ms  backward ms"]
        for part in result.parts {
            lines.append(
                "\(part.label.padding(toLength: width, withPad: " ", startingAt: 0))  \(cell(part.forwardMilliseconds))"
                    + "    \(cell(part.backwardMilliseconds))")
        }
        let sum = result.parts.reduce(0) { $0 + $1.forwardMilliseconds + $1.backwardMilliseconds }
        lines.append(
            "sum of parts \(String(format: "%.2f", sum)) ms; whole step \(String(format: "%.2f", result.stepMilliseconds)) ms (batch \(batchSize), median of \(rounds))"
        )
        return lines.joined(separator: "\n")
    }

    private func jsonText(_ result: LayerTimingBenchmark.Result) -> String {
        let parts = result.parts.map { part in
            [
                "layer": part.label, "forward_ms": part.forwardMilliseconds as Any,
                "backward_ms": part.backwardMilliseconds as Any,
            ] as [String: Any]
        }
        let object: [String: Any] = ["batch_size": batchSize, "step_ms": result.stepMilliseconds, "parts": parts]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
