import Foundation
import Plexus
import PlexusBench

/// How `plexus bench lab|mlp|cnn|infer` print what they measured: JSON under the field names of
/// the peers' scripts (`../shared/peers`), so one summary reads all three frameworks, or text.
enum WorkloadBenchReport {
    static let discussion = """
        Reads Fashion-MNIST (pixels / 255), trains a new model with --seed and evaluates it, as \
        ../shared/peers/torch_bench.py and keras_bench.py do, then times a 1024-square product to \
        give the roofline: the GFLOP/s the training achieved against the GEMM speed of this machine. \
        Reports fit seconds, seconds per epoch, steady milliseconds per step, losses, accuracies and \
        peak resident memory. Build with -c release; bash bench/side-by-side.sh runs the peers alongside.
        """

    static func json(_ r: WorkloadBenchmark.Record, loadSeconds: Double, gemmPeak: Double, peakRSS: Double) -> String {
        var fields: [(key: String, value: String)] = [
            ("framework", JSONText.string("plexus")), ("workload", JSONText.string(r.workload.rawValue)),
            ("seed", "\(r.seed)"), ("backend", JSONText.string(MatmulBackend.default.description)),
            ("threads", "\(MatmulBackend.defaultThreadCount)"), ("n_train", "\(r.trainingSamples)"),
            ("batch", "\(r.workload.batchSize)"), ("epochs", "\(r.workload.epochs)"), ("params", "\(r.parameters)"),
            ("load_s", number(loadSeconds)), ("fit_s", number(r.fitSeconds)),
            ("epoch_s", "[" + r.epochSeconds.map(number).joined(separator: ", ") + "]"),
            ("epoch_first_s", number(r.epochSeconds.first ?? 0)), ("epoch_rest_mean_s", number(r.steadyEpochSeconds)),
            ("epoch_mean_s", number(r.fitSeconds / Double(max(1, r.epochSeconds.count)))),
            ("steps_per_epoch", "\(r.stepsPerEpoch)"), ("ms_per_step", number(r.steadyMillisecondsPerStep)),
            ("loss_first_epoch", JSONText.number(r.firstEpochLoss)), ("loss_last_epoch", JSONText.number(r.lastEpochLoss)),
            ("loss_train_full", JSONText.number(r.trainLoss)), ("acc_train", JSONText.number(r.trainAccuracy)),
            ("acc_test", JSONText.number(r.testAccuracy)), ("eval_s", number(r.evaluationSeconds)),
            ("peak_rss_mb", number(peakRSS)), ("own_cpu_s", number(r.ownCPUSeconds)),
            ("train_gflop", number(r.workload.trainingFLOPPerSample * Double(r.trainingSamples * r.epochSeconds.count) / 1e9)),
            ("achieved_gflops", number(r.achievedGFLOPS)), ("gemm_peak_gflops", gemmPeak > 0 ? number(gemmPeak) : "null"),
            ("roofline_fraction", gemmPeak > 0 ? number(r.achievedGFLOPS / gemmPeak) : "null"),
        ]
        if let share = r.foreignCPUShare { fields.append(("foreign_cpu_frac", number(share))) }
        return JSONText.object(fields)
    }

    static func text(_ r: WorkloadBenchmark.Record, loadSeconds: Double, gemmPeak: Double, peakRSS: Double) -> String {
        var lines = [
            "\(r.workload.rawValue): \(r.trainingSamples) samples, batch \(r.workload.batchSize), \(r.workload.epochs) epochs, seed \(r.seed), \(r.parameters) parameters, \(MatmulBackend.default) x \(MatmulBackend.defaultThreadCount)",
            "  load          \(fixed(loadSeconds, 3)) s (Fashion-MNIST .gz, pixels / 255)",
            "  fit           \(fixed(r.fitSeconds, 3)) s; first epoch \(fixed(r.epochSeconds.first ?? 0, 3)) s, steady epoch \(fixed(r.steadyEpochSeconds, 3)) s, \(fixed(r.steadyMillisecondsPerStep, 3)) ms a step",
            "  loss          first epoch \(fixed(Double(r.firstEpochLoss), 4)), last epoch \(fixed(Double(r.lastEpochLoss), 4)), whole training set \(fixed(Double(r.trainLoss), 4))",
            "  accuracy      train \(fixed(Double(r.trainAccuracy), 4)), test \(fixed(Double(r.testAccuracy), 4))",
            gemmPeak > 0
                ? "  roofline      \(fixed(r.achievedGFLOPS, 1)) GFLOP/s achieved of \(fixed(gemmPeak, 1)) GFLOP/s GEMM (1024 square): \(fixed(100 * r.achievedGFLOPS / gemmPeak, 1))%"
                : "  roofline      \(fixed(r.achievedGFLOPS, 1)) GFLOP/s achieved",
            "  peak memory   \(fixed(peakRSS, 0)) MB resident",
        ]
        if let share = r.foreignCPUShare {
            lines.append("  other load    \(fixed(100 * share, 1))% of the machine used by other processes during fit")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: InferenceBenchmark.Record) -> String {
        func timing(_ t: InferenceBenchmark.Timing) -> String {
            JSONText.object([
                ("median_us", number(t.median)), ("p10_us", number(t.p10)), ("p90_us", number(t.p90)),
                ("mean_us", number(t.mean)), ("calls", "\(t.calls)"),
            ])
        }
        var fields: [(key: String, value: String)] = [
            ("framework", JSONText.string("plexus")), ("workload", JSONText.string("infer")), ("seed", "\(r.seed)"),
            ("infer", JSONText.object([("predict", timing(r.predict)), ("call", timing(r.call))])),
            ("infer_fastest", JSONText.string("predict")), ("infer_median_us", number(r.predict.median)),
            ("peak_rss_mb", number(Double(ProcessUsage.peakResidentBytes()) / 1e6)),
        ]
        if let share = r.foreignCPUShare { fields.append(("foreign_cpu_frac", number(share))) }
        return JSONText.object(fields)
    }

    static func text(_ r: InferenceBenchmark.Record) -> String {
        func line(_ t: InferenceBenchmark.Timing, _ label: String) -> String {
            "  \(label) median \(fixed(t.median, 2)) us, p10 \(fixed(t.p10, 2)), p90 \(fixed(t.p90, 2)), mean \(fixed(t.mean, 2)) (\(t.calls) calls)"
        }
        return
            (["infer: one 1x784 image through the untrained 784-25-15-10 network, seed \(r.seed)"]
            + [line(r.predict, "model.predict(x)"), line(r.call, "model(x)        ")]).joined(separator: "\n")
    }

    private static func number(_ value: Double) -> String { value.isFinite ? "\((value * 1e6).rounded() / 1e6)" : "null" }

    private static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
