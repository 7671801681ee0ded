import ArgumentParser
import Plexus
import PlexusBench

/// The options every peer workload takes.
struct WorkloadBenchOptions: ParsableArguments {
    @Option(help: "Seed of the weights and the shuffles (the peers' run r uses seed r).")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object with the peers' field names instead of text.")
    var json = false

    @Option(help: "Folder of Fashion-MNIST's four .gz files (default: PLEXUS_FASHION_MNIST, else Debian's).")
    var data: String?

    @Flag(inversion: .prefixedNo, help: "Time a 1024-square product after training, for the roofline line.")
    var roofline = true
}

/// Names one of the peers' training workloads for ``TrainingWorkloadBenchCommand``.
protocol TrainingWorkloadChoice {
    static var workload: PeerWorkload { get }
    /// The subcommand's one-line help.
    static var abstract: String { get }
}

/// W1.
enum LabWorkloadChoice: TrainingWorkloadChoice {
    static var workload: PeerWorkload { .lab }
    static var abstract: String {
        "W1: 5,000 Fashion-MNIST images, 784-25-15-10, Adam, batch 32, 40 epochs (as the peers' scripts)."
    }
}

/// W2.
enum MLPWorkloadChoice: TrainingWorkloadChoice {
    static var workload: PeerWorkload { .mlp }
    static var abstract: String {
        "W2: 60,000 Fashion-MNIST images, 784-512-512-10, Adam, batch 128, 3 epochs (as the peers' scripts)."
    }
}

/// W3.
enum CNNWorkloadChoice: TrainingWorkloadChoice {
    static var workload: PeerWorkload { .cnn }
    static var abstract: String {
        "W3: 60,000 Fashion-MNIST images, conv32-pool-conv64-pool-128-10, Adam, batch 128, 1 epoch (as the peers' scripts)."
    }
}

/// `plexus bench lab|mlp|cnn`: one of the peers' training workloads, timed as they time it.
struct TrainingWorkloadBenchCommand<Choice: TrainingWorkloadChoice>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Choice.workload.rawValue, abstract: Choice.abstract, discussion: WorkloadBenchReport.discussion)
    }

    @OptionGroup var options: WorkloadBenchOptions
    @Option(help: "Train on only the first N of the workload's samples (a quick check, not the benchmark).")
    var trainLimit: Int?

    func run() throws {
        let workload = Choice.workload
        if let trainLimit { try BenchLimits.check("--train-limit", trainLimit, atMost: workload.trainingSamples) }
        try reportingInputErrors {
            // The GEMM ceiling first (0 when not asked for): its operands are gone before the data arrive, so they
            // never add to the peak memory the workload reports.
            let peak = options.roofline ? WorkloadBenchmark.gemmPeakGFLOPS() : 0
            let data = try FashionMNISTWorkloadData.load(directory: options.data)
            let record = try WorkloadBenchmark.run(workload, seed: options.seed, data: data, trainingLimit: trainLimit)
            let rss = Double(ProcessUsage.peakResidentBytes()) / 1e6
            if options.json {
                try StandardOutput.line(WorkloadBenchReport.json(record, loadSeconds: data.loadSeconds, gemmPeak: peak, peakRSS: rss))
            } else {
                try StandardOutput.line(WorkloadBenchReport.text(record, loadSeconds: data.loadSeconds, gemmPeak: peak, peakRSS: rss))
            }
        }
    }
}

/// `plexus bench infer`: W4.
struct InferWorkloadBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "W4: one 1x784 Fashion-MNIST image through the untrained lab network, microseconds per predict.",
        discussion:
            "Times each call (after 200 untimed) and reports the median, p10 and p90, as the peers' scripts do. Build with -c release.")
    @OptionGroup var options: WorkloadBenchOptions
    @Option(help: "Timed calls.")
    var calls = 2000

    func run() throws {
        try BenchLimits.check("--calls", calls, atMost: BenchLimits.steps)
        try reportingInputErrors {
            let data = try FashionMNISTWorkloadData.loadTest(directory: options.data)
            let record = try InferenceBenchmark.run(seed: options.seed, data: data, calls: calls)
            try StandardOutput.line(options.json ? WorkloadBenchReport.json(record) : WorkloadBenchReport.text(record))
        }
    }
}
