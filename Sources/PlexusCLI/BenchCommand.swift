import ArgumentParser
import Foundation
import Plexus
import PlexusBench

/// `plexus bench`: the peers' workloads and micro-benchmarks of the kernels.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: the workloads the peers run (lab, mlp, cnn, infer) and the kernels.",
        subcommands: [
            TrainingWorkloadBenchCommand<LabWorkloadChoice>.self, TrainingWorkloadBenchCommand<MLPWorkloadChoice>.self,
            TrainingWorkloadBenchCommand<CNNWorkloadChoice>.self, InferWorkloadBenchCommand.self,
            MatmulBenchCommand.self, StepBenchCommand.self, LayerBenchCommand.self, SaveLoadBenchCommand.self, DigitsBenchCommand.self,
        ]
    )
}

/// `plexus bench matmul`: GFLOP/s of every backend present, side by side.
struct MatmulBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul",
        abstract: "Matrix-multiply speed of each backend, with one thread and with all.",
        discussion: """
            Times square products (64 to 2048) and the course network's products (32x784 · 784x25 \
            and its two backward products) on every backend present, alternating between them so \
            that both see the same machine load, and reports the median. Build with -c release.
            """
    )

    @Flag(help: "Print one JSON object a line instead of a table.")
    var json = false

    @Option(help: "Timed rounds per configuration (the median is reported).")
    var rounds = 5

    @Option(help: "Only these square sizes, comma-separated (the course shapes are always included).")
    var sizes: String?

    @Option(help: "Only this backend (native, openblas, accelerate).")
    var backend: BackendChoice?

    @Option(help: "Only this many threads.")
    var threads: Int?

    @Option(
        name: .customLong("shape"),
        help: "Measure only this product, as MxNxK, with :ta or :tb (or both) for a transposed operand (repeatable).")
    var customShapes: [String] = []

    func run() throws {
        // OpenBLAS's idle threads spin for a while after each call, on the cores the next
        // backend's timing then needs; a short timeout (before OpenBLAS loads) keeps the
        // side-by-side rounds fair. A value the user set is kept.
        setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0)
        try BenchLimits.check("--rounds", rounds, atMost: BenchLimits.rounds)
        if let threads { try BenchLimits.check("--threads", threads, atMost: MatmulBackend.maximumThreadCount) }
        var shapes = MatmulBenchmark.standardShapes
        if !customShapes.isEmpty {
            shapes = try customShapes.map(MatmulBenchCommand.parseShape)
        }
        if let sizes {
            let fields = sizes.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.filter { $0 != " " }) }
            let parsed = fields.compactMap { $0 }
            guard !parsed.isEmpty, parsed.count == fields.count, parsed.allSatisfy({ $0 > 0 }) else {
                throw InputError("--sizes takes positive whole numbers separated by commas, got \(quoted(sizes))")
            }
            for size in parsed { try BenchLimits.checkOperands(m: size, n: size, k: size, option: "--sizes", text: String(size)) }
            shapes =
                parsed.map { MatmulBenchmark.Shape(m: $0, n: $0, k: $0, label: "square") }
                + shapes.filter { $0.label != "square" }
        }
        var backends = MatmulBackend.available
        if let backend {
            guard let chosen = MatmulBackend(rawValue: backend.rawValue), chosen.isAvailable else {
                throw InputError(
                    "--backend \(backend.rawValue) is not available here; available: \(backends.map(\.rawValue).joined(separator: ", "))")
            }
            backends = [chosen]
        }
        if !json {
            try StandardOutput.line("backends: \(MatmulBackend.available.map(\.description).joined(separator: ", "))")
            try StandardOutput.line(pad("shape", 26) + pad("backend", 10) + pad("threads", 9) + pad("GFLOP/s", 10) + "microseconds")
        }
        let threadCounts = threads.map { [$0] } ?? [1, MatmulBackend.defaultThreadCount]
        // The report cannot throw: the first failed write is kept, and thrown at the end.
        var failure: (any Error)?
        MatmulBenchmark.run(shapes: shapes, backends: backends, threadCounts: threadCounts, rounds: rounds) { measurement in
            guard failure == nil else { return }
            let line: String
            if json {
                let s = measurement.shape
                line =
                    "{\"backend\": \"\(measurement.backend.rawValue)\", \"threads\": \(measurement.threads), "
                    + "\"m\": \(s.m), \"n\": \(s.n), \"k\": \(s.k), \"gflops\": \(rounded(measurement.gflops)), "
                    + "\"microseconds\": \(rounded(measurement.microseconds))}"
            } else {
                line =
                    pad(measurement.shape.description, 26) + pad(measurement.backend.rawValue, 10)
                    + pad("\(measurement.threads)", 9) + pad(rounded(measurement.gflops), 10)
                    + rounded(measurement.microseconds)
            }
            do { try StandardOutput.line(line) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// "MxNxK" with optional ":ta" / ":tb": A (m x k) or B (k x n) stored transposed.
    static func parseShape(_ text: String) throws -> MatmulBenchmark.Shape {
        let fields = text.lowercased().split(separator: ":")
        let parts = (fields.first ?? "").split(separator: "x", omittingEmptySubsequences: false).compactMap { Int($0) }
        let flags = Set(fields.dropFirst())
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 }), flags.isSubset(of: ["ta", "tb"]) else {
            throw InputError("--shape takes MxNxK with positive whole numbers and optional :ta or :tb, got \(quoted(text))")
        }
        let (m, n, k) = (parts[0], parts[1], parts[2])
        try BenchLimits.checkOperands(m: m, n: n, k: k, option: "--shape", text: text)
        return MatmulBenchmark.Shape(
            m: m, n: n, k: k, transposeA: flags.contains("ta"), transposeB: flags.contains("tb"),
            label: "custom")
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private func rounded(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}

/// `plexus bench step`: one training step of the course's network.
struct StepBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Time one training step of the 784-25-15-10 network at batch 32 (forward, backward, Adam).",
        discussion: "Also times the step's matrix products alone, to show the cost of everything else. Build with -c release."
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Samples per step.")
    var batchSize = 32

    @Option(help: "Timed rounds (the median is reported).")
    var rounds = 7

    @Option(help: "Steps per timed round.")
    var steps = 300

    func run() throws {
        try BenchLimits.check("--batch-size", batchSize, atMost: BenchLimits.batchSize)
        try BenchLimits.check("--rounds", rounds, atMost: BenchLimits.rounds)
        try BenchLimits.check("--steps", steps, atMost: BenchLimits.steps)
        let result = TrainingStepBenchmark.run(batchSize: batchSize, rounds: rounds, stepsPerRound: steps)
        if json {
            try StandardOutput.line(
                "{\"batch_size\": \(batchSize), \"step_microseconds\": \(result.stepMicroseconds), "
                    + "\"matmul_microseconds\": \(result.matmulMicroseconds), "
                    + "\"outside_matmul_microseconds\": \(result.outsideMatmulMicroseconds)}")
        } else {
            try StandardOutput.line(
                """
                training step, 784-25-15-10, batch \(batchSize), \(MatmulBackend.default):
                  whole step        \(rounded(result.stepMicroseconds)) us
                  matrix products   \(rounded(result.matmulMicroseconds)) us
                  everything else   \(rounded(result.outsideMatmulMicroseconds)) us
                """)
        }
    }

    private func rounded(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
