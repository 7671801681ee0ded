import CPlexusKernels
import Testing

@testable import Plexus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Subnormal floats taken as zero inside a model's work (as TensorFlow takes them), and only
/// there: the caller's own mode comes back, and the pool's workers follow each caller's.
@Suite struct SubnormalFlushingTests {
    /// 1e-20 squared is 1e-40, below `Float.leastNormalMagnitude`: a subnormal.
    static let tiny: Float = 1e-20

    /// A product the optimizer cannot fold at compile time.
    @inline(never) static func product(_ a: Float, _ b: Float) -> Float { a * b }

    /// Results written from several threads at disjoint places, with whether a thread other
    /// than the caller wrote them.
    private final class Results: @unchecked Sendable {
        let values: UnsafeMutablePointer<Float>
        let byWorker: UnsafeMutablePointer<Bool>
        let size: Int
        init(_ size: Int) {
            self.size = size
            values = .allocate(capacity: size)
            values.initialize(repeating: .nan, count: size)
            byWorker = .allocate(capacity: size)
            byWorker.initialize(repeating: false, count: size)
        }
        deinit {
            values.deallocate()
            byWorker.deallocate()
        }
        var all: [Float] { Array(UnsafeBufferPointer(start: values, count: size)) }
        var workersHelped: Bool { UnsafeBufferPointer(start: byWorker, count: size).contains(true) }

        /// Fills every index in parallel, each taking about 20 us so that the workers get some.
        func fill(calledFrom caller: pthread_t) {
            parallelFor(size) { index in
                let start = ContinuousClock.now
                while ContinuousClock.now - start < .microseconds(20) {}
                values[index] = SubnormalFlushingTests.product(SubnormalFlushingTests.tiny, SubnormalFlushingTests.tiny)
                byWorker[index] = pthread_equal(pthread_self(), caller) == 0
            }
        }
    }

    @Test(.enabled(if: flushingExists, "this architecture keeps subnormals"))
    func flushedInsideAndTheCallersModeComesBack() {
        let before = plx_fp_control()
        #expect(Self.product(Self.tiny, Self.tiny).isSubnormal)
        let inside = withSubnormalsFlushed { Self.product(Self.tiny, Self.tiny) }
        #expect(inside == 0)
        // A nested call changes nothing and restores nothing early.
        let nested = withSubnormalsFlushed { withSubnormalsFlushed { 0 as Float } + Self.product(Self.tiny, Self.tiny) }
        #expect(nested == 0)
        #expect(plx_fp_control() == before)
        #expect(Self.product(Self.tiny, Self.tiny).isSubnormal)
    }

    /// Each job carries its caller's mode: a flushed job and then a plain one, so a worker that
    /// kept the first job's mode would be caught by the second (and one that kept its own, by
    /// the first). Repeated until a worker took part in both, which another test's parallel
    /// loop running at the same time can prevent for a while.
    @Test(.enabled(if: flushingExists && sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1, "needs subnormal flushing and two cores"))
    func workersFollowTheCallersMode() {
        let caller = pthread_self()
        var workersTookPart = false
        for _ in 0..<200 where !workersTookPart {
            let flushed = Results(32)
            withSubnormalsFlushed { flushed.fill(calledFrom: caller) }
            #expect(flushed.all.allSatisfy { $0 == 0 })
            let plain = Results(32)
            plain.fill(calledFrom: caller)
            #expect(plain.all.allSatisfy { $0.isSubnormal })
            workersTookPart = flushed.workersHelped && plain.workersHelped
        }
        #expect(workersTookPart)
    }

    /// A model's prediction: a 1e-20 kernel times a 1e-20 input is zero by default, and the
    /// subnormal 1e-40 with `flushesSubnormals` off (in a child process: the configuration is
    /// shared by every test running).
    @Test(.enabled(if: flushingExists, "this architecture keeps subnormals"))
    func aModelFlushesByDefaultAndKeepsWhenConfigured() async throws {
        #expect(try Self.tinyPrediction() == 0)
        await #expect(processExitsWith: .success) {
            ComputeConfiguration.current.flushesSubnormals = false
            guard (try? SubnormalFlushingTests.tinyPrediction())?.isSubnormal == true else { exit(3) }
        }
    }

    @Test func theConfigurationSaysWhenSubnormalsAreKept() {
        let setting = Environment.value(of: "PLEXUS_SUBNORMALS")?.lowercased()
        #expect(ComputeConfiguration.environmentDefaults.flushesSubnormals == (setting != "keep"))
        let kept = ComputeConfiguration(backend: .native, threads: 2, instructionSet: .portable, flushesSubnormals: false)
        #expect(kept.description == "native (portable), 2 threads, subnormals kept")
    }

    /// `predict` of one Dense unit without bias whose kernel is 1e-20, on the input 1e-20.
    static func tinyPrediction() throws -> Float {
        let layer = Dense(1, useBias: false)
        let model = Sequential(inputShape: [1]) { layer }
        layer.kernel!.value = Tensor(shape: [1, 1], scalars: [tiny])
        return try model.predict(Tensor(shape: [1, 1], scalars: [tiny])).scalars[0]
    }

    static var flushingExists: Bool { plx_fp_control_flushing(0) != 0 }
}
