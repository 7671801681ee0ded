import ArgumentParser
import Foundation
import Plexus

/// `plexus bench`: micro-benchmarks of the kernels.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the kernels.",
        subcommands: [MatmulBenchCommand.self, StepBenchCommand.self, LayerBenchCommand.self, SaveLoadBenchCommand.self, LabBenchCommand.self]
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
    var backend: String?

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
        var shapes = MatmulBenchmark.standardShapes
        if !customShapes.isEmpty {
            shapes = try customShapes.map(MatmulBenchCommand.parseShape)
        }
        if let sizes {
            let parsed = sizes.split(separator: ",").compactMap { Int($0.filter { $0 != " " }) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--sizes takes positive whole numbers separated by commas, got '\(sizes)'")
            }
            shapes = parsed.map { MatmulBenchmark.Shape(m: $0, n: $0, k: $0, label: "square") }
                + shapes.filter { $0.label != "square" }
        }
        if !json {
            print("backends: \(MatmulBackend.available.map(\.description).joined(separator: ", "))")
            print(pad("shape", 26) + pad("backend", 10) + pad("threads", 9) + pad("GFLOP/s", 10) + "microseconds")
        }
        var backends = MatmulBackend.available
        if let backend {
            guard let chosen = MatmulBackend(rawValue: backend.lowercased()), chosen.isAvailable else {
                throw ValidationError("--backend \(backend) is not available here; available: \(backends.map(\.rawValue).joined(separator: ", "))")
            }
            backends = [chosen]
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        let threadCounts = threads.map { [$0] } ?? [1, MatmulBackend.defaultThreadCount]
        MatmulBenchmark.run(shapes: shapes, backends: backends, threadCounts: threadCounts, rounds: rounds) { measurement in
            if json {
                let s = measurement.shape
                print(
                    "{\"backend\": \"\(measurement.backend.rawValue)\", \"threads\": \(measurement.threads), "
                        + "\"m\": \(s.m), \"n\": \(s.n), \"k\": \(s.k), \"gflops\": \(rounded(measurement.gflops)), "
                        + "\"microseconds\": \(rounded(measurement.microseconds))}")
            } else {
                print(
                    pad(measurement.shape.description, 26) + pad(measurement.backend.rawValue, 10)
                        + pad("\(measurement.threads)", 9) + pad(rounded(measurement.gflops), 10)
                        + rounded(measurement.microseconds))
            }
        }
    }

    /// "MxNxK" with optional ":ta" / ":tb": A (m x k) or B (k x n) stored transposed.
    static func parseShape(_ text: String) throws -> MatmulBenchmark.Shape {
        let fields = text.lowercased().split(separator: ":")
        let parts = (fields.first ?? "").split(separator: "x").compactMap { Int($0) }
        let flags = Set(fields.dropFirst())
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 }), flags.isSubset(of: ["ta", "tb"]) else {
            throw ValidationError("--shape takes MxNxK with positive whole numbers and optional :ta or :tb, got '\(text)'")
        }
        return MatmulBenchmark.Shape(
            m: parts[0], n: parts[1], k: parts[2], transposeA: flags.contains("ta"), transposeB: flags.contains("tb"),
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
        guard batchSize > 0, rounds > 0, steps > 0 else {
            throw ValidationError("--batch-size, --rounds and --steps must be positive")
        }
        let result = TrainingStepBenchmark.run(batchSize: batchSize, rounds: rounds, stepsPerRound: steps)
        if json {
            print("{\"batch_size\": \(batchSize), \"step_microseconds\": \(result.stepMicroseconds), "
                + "\"matmul_microseconds\": \(result.matmulMicroseconds), "
                + "\"outside_matmul_microseconds\": \(result.outsideMatmulMicroseconds)}")
        } else {
            print("training step, 784-25-15-10, batch \(batchSize), \(MatmulBackend.default):")
            print("  whole step        \(rounded(result.stepMicroseconds)) us")
            print("  matrix products   \(rounded(result.matmulMicroseconds)) us")
            print("  everything else   \(rounded(result.outsideMatmulMicroseconds)) us")
        }
    }

    private func rounded(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}
