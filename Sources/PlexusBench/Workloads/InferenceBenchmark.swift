import Plexus

/// W4 of the peers' scripts: one 1x784 test image through the untrained lab network
/// (784-25-15-10), timed call by call as `time_calls` in `torch_bench.py` times it.
public enum InferenceBenchmark {
    /// Microseconds per call over the timed calls.
    public struct Timing: Sendable {
        /// The public call that was timed.
        public var path: String
        public var median: Double
        public var p10: Double
        public var p90: Double
        public var mean: Double
        public var calls: Int
    }

    /// What one run measured.
    public struct Record: Sendable {
        public var seed: UInt64
        /// `model.predict(x)`, the path a user calls.
        public var predict: Timing
        /// `model(x)`, the layer stack called as a function (records nothing without gradients asked for).
        public var call: Timing
        /// The share of the machine other processes used meanwhile.
        public var foreignCPUShare: Double?
    }

    /// Times `calls` single-sample predictions after `warmUp` untimed ones.
    public static func run(seed: UInt64, data: FashionMNISTWorkloadData, calls: Int = 2000, warmUp: Int = 200) throws -> Record {
        let model = try PeerWorkload.lab.makeModel(seed: seed)
        let x = data.samples(for: .lab, count: 1, test: true).x
        let before = ProcessUsage.now()
        // The two paths take turns, call by call, so that both see the same machine: timed one
        // after the other, a noisy spell during the first made predict look slower by half.
        let samples = try timeInTurn(calls: calls, warmUp: warmUp, { try model.predict(x) }, { model(x) })
        return Record(
            seed: seed, predict: summary("predict", samples.0), call: summary("call", samples.1),
            foreignCPUShare: ProcessUsage.now().foreignShare(since: before))
    }

    /// Microseconds of each call of `a` and of `b`, which alternate, each going first every
    /// other time (so neither always finds the other's data in cache).
    private static func timeInTurn(
        calls: Int, warmUp: Int, _ a: () throws -> Tensor, _ b: () throws -> Tensor
    ) throws -> ([Double], [Double]) {
        var sink: Float = 0
        for _ in 0..<warmUp { sink += try first(a()) + first(b()) }
        var samples = ([Double](repeating: 0, count: calls), [Double](repeating: 0, count: calls))
        let clock = ContinuousClock()
        func timed(_ body: () throws -> Tensor) throws -> Double {
            let start = clock.now
            let output = try body()
            let elapsed = (clock.now - start).seconds * 1e6
            sink += first(output)
            return elapsed
        }
        for i in 0..<calls {
            if i % 2 == 0 {
                samples.0[i] = try timed(a)
                samples.1[i] = try timed(b)
            } else {
                samples.1[i] = try timed(b)
                samples.0[i] = try timed(a)
            }
        }
        blackHole(sink)
        return samples
    }

    private static func summary(_ path: String, _ unsorted: [Double]) -> Timing {
        let samples = unsorted.sorted()
        let calls = samples.count
        func percentile(_ p: Double) -> Double {
            // Linear between the two nearest ranks, as NumPy's default percentile.
            let rank = p / 100 * Double(samples.count - 1)
            let low = Int(rank.rounded(.down)), high = Swift.min(low + 1, samples.count - 1)
            return samples[low] + (samples[high] - samples[low]) * (rank - Double(low))
        }
        return Timing(
            path: path, median: percentile(50), p10: percentile(10), p90: percentile(90),
            mean: samples.reduce(0, +) / Double(calls), calls: calls)
    }

    @inline(never)
    private static func first(_ t: Tensor) -> Float { t.withUnsafeBufferPointer { $0[0] } }

    @inline(never)
    private static func blackHole(_ value: Float) {}
}
