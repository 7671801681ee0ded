import Plexus

/// Runs a ``PeerWorkload`` once, as `torch_bench.py` and `keras_bench.py` run it, and measures
/// what they measure.
public enum WorkloadBenchmark {
    /// One run's numbers, under the names the peers' records use.
    public struct Record: Sendable {
        public var workload: PeerWorkload
        public var seed: UInt64
        /// Training samples used.
        public var trainingSamples: Int
        /// Weights and biases of the model.
        public var parameters: Int
        /// Seconds of `fit`, from its call to its return.
        public var fitSeconds: Double
        /// Seconds of each epoch.
        public var epochSeconds: [Double]
        /// Steps in one epoch (the last one may be partial).
        public var stepsPerEpoch: Int
        /// The mean training loss of the first and last epochs, weighted by batch size (Keras's `history["loss"]`).
        public var firstEpochLoss: Float
        public var lastEpochLoss: Float
        /// Loss and accuracy over all training samples after training, and accuracy on the 10,000 test images.
        public var trainLoss: Float
        public var trainAccuracy: Float
        public var testAccuracy: Float
        /// Seconds of the two evaluations.
        public var evaluationSeconds: Double
        /// The share of the machine other processes used while `fit` ran (nil without `/proc/stat`).
        public var foreignCPUShare: Double?
        /// CPU seconds this process used while `fit` ran.
        public var ownCPUSeconds: Double

        /// The mean of the epochs after the first (the first, when there is one): the steady state.
        public var steadyEpochSeconds: Double {
            epochSeconds.count > 1 ? epochSeconds.dropFirst().reduce(0, +) / Double(epochSeconds.count - 1) : epochSeconds.first ?? 0
        }

        /// Milliseconds of one step in the steady state.
        public var steadyMillisecondsPerStep: Double { steadyEpochSeconds * 1e3 / Double(max(1, stepsPerEpoch)) }

        /// Training floating-point operations per second over the whole `fit`, in billions.
        public var achievedGFLOPS: Double {
            workload.trainingFLOPPerSample * Double(trainingSamples * epochSeconds.count) / fitSeconds / 1e9
        }
    }

    /// Trains a new model of `workload` on `data` with `seed`, then evaluates it.
    ///
    /// - Parameter trainingLimit: use at most this many training samples (for quick checks).
    public static func run(
        _ workload: PeerWorkload, seed: UInt64, data: FashionMNISTWorkloadData, trainingLimit: Int? = nil
    ) throws -> Record {
        let count = Swift.min(workload.trainingSamples, trainingLimit ?? .max)
        let (x, y) = data.samples(for: workload, count: count)
        let (testX, testY) = data.samples(for: workload, test: true)
        let model = try workload.makeModel(seed: seed)
        let epochClock = EpochClock()
        let before = ProcessUsage.now()
        let history = try model.fit(
            x, y, epochs: workload.epochs, batchSize: workload.batchSize, callbacks: [epochClock], verbose: .silent)
        let after = ProcessUsage.now()
        let losses = history["loss"]
        var scores: ([String: Float], [String: Float]) = ([:], [:])
        let evaluation = try ContinuousClock().measure {
            // In batches of the training size: the buffers training left for reuse fit them, so
            // evaluating takes no memory of its own (the peers use 1000, which only changes the time).
            let size = workload.batchSize
            scores = (try model.evaluate(x, y, batchSize: size), try model.evaluate(testX, testY, batchSize: size))
        }
        return Record(
            workload: workload, seed: seed, trainingSamples: count, parameters: model.parameterCount,
            fitSeconds: (after.instant - before.instant).seconds, epochSeconds: epochClock.seconds,
            stepsPerEpoch: (count + workload.batchSize - 1) / workload.batchSize,
            firstEpochLoss: losses.first ?? .nan, lastEpochLoss: losses.last ?? .nan,
            trainLoss: scores.0["loss"] ?? .nan, trainAccuracy: scores.0["accuracy"] ?? .nan,
            testAccuracy: scores.1["accuracy"] ?? .nan, evaluationSeconds: evaluation.seconds,
            foreignCPUShare: after.foreignShare(since: before), ownCPUSeconds: after.ownCPUSeconds - before.ownCPUSeconds)
    }

    /// The median speed of a square product of `size` on the default backend and threads, in
    /// GFLOP/s: the ceiling a GEMM-bound workload is measured against.
    public static func gemmPeakGFLOPS(size: Int = 1024, rounds: Int = 5) -> Double {
        var peak = 0.0
        MatmulBenchmark.run(
            shapes: [.init(m: size, n: size, k: size, label: "square")], backends: [.default],
            threadCounts: [MatmulBackend.defaultThreadCount], rounds: rounds, roundSeconds: 0.3
        ) { peak = $0.gflops }
        return peak
    }
}
