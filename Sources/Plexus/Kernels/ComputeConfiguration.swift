#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Atomics
import CPlexusKernels

/// How Plexus computes on this machine: where matrix products run, on how many threads, and
/// which vector instructions its own kernels use. One value, set from code or the environment.
///
/// The environment gives the defaults, read once when first needed: `PLEXUS_BACKEND`
/// (`native`, `openblas`, `accelerate`), `PLEXUS_THREADS` (1 to
/// ``MatmulBackend/maximumThreadCount``), `PLEXUS_ISA` (`portable`, `avx2`, `avx512`) and
/// `PLEXUS_SUBNORMALS` (`flush`, `keep`). A value that cannot be used is named in a warning on
/// standard error and the platform's choice is kept. Code can then change ``current`` at any
/// time; the next operation uses it.
///
/// ```swift
/// ComputeConfiguration.current.threads = 1                 // one core, e.g. beside a server
/// if MatmulBackend.openblas.isAvailable {
///     ComputeConfiguration.current.backend = .openblas
/// }
/// ```
public struct ComputeConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// Where matrix products run.
    public var backend: MatmulBackend
    /// How many threads a large product (and the layers that split their work) may use.
    public var threads: Int
    /// The instruction-set level of Plexus's own kernels.
    public var instructionSet: InstructionSet
    /// Whether a model's training, evaluation and prediction take subnormal floats (magnitudes
    /// below `Float.leastNormalMagnitude`, about 1.2e-38) as zero, as TensorFlow and so Keras
    /// do; true by default.
    ///
    /// Such tiny values turn up as a network trains (gradients and Adam's moments that decay
    /// towards zero), and on many Intel processors each operation on one takes a slow path
    /// of about a hundred cycles: the course's 784-25-15-10 network on Fashion-MNIST ran 2.6
    /// times slower from its fifth epoch without this. Flushing them changes no result above
    /// 1.2e-38. The thread's own mode is restored when the call returns; Plexus's worker
    /// threads follow the caller's.
    /// `PLEXUS_SUBNORMALS=keep` sets the default to false (IEEE arithmetic throughout, as
    /// PyTorch by default).
    public var flushesSubnormals: Bool

    /// A configuration; ``current`` checks it when set.
    public init(backend: MatmulBackend, threads: Int, instructionSet: InstructionSet, flushesSubnormals: Bool = true) {
        self.backend = backend
        self.threads = threads
        self.instructionSet = instructionSet
        self.flushesSubnormals = flushesSubnormals
    }

    /// The configuration in use. Setting it is safe from any thread and takes effect at the
    /// next operation.
    ///
    /// Setting a backend that is not available here, a thread count outside 1 to
    /// ``MatmulBackend/maximumThreadCount`` or an instruction set this CPU lacks is a
    /// programming error (check ``MatmulBackend/isAvailable`` and
    /// ``InstructionSet/isSupported`` first) and stops the program.
    public static var current: ComputeConfiguration {
        get { stored.withLock { $0 } }
        set {
            require(newValue.backend.isAvailable, "ComputeConfiguration: backend \(newValue.backend.rawValue) is not available here")
            require(
                (1...MatmulBackend.maximumThreadCount).contains(newValue.threads),
                "ComputeConfiguration: threads must be 1 to \(MatmulBackend.maximumThreadCount), got \(newValue.threads)")
            require(
                newValue.instructionSet.isSupported,
                "ComputeConfiguration: this CPU cannot run \(newValue.instructionSet.rawValue) (best: \(InstructionSet.best.rawValue))")
            stored.withLock {
                $0 = newValue
                flushingSubnormals.store(newValue.flushesSubnormals, ordering: .relaxed)
            }
        }
    }

    /// ``flushesSubnormals`` of ``current``, readable without the lock: every model call asks.
    static var flushesSubnormalsNow: Bool { flushingSubnormals.load(ordering: .relaxed) }

    /// The configuration the environment and the platform give, read once.
    public static let environmentDefaults = ComputeConfiguration(
        backend: defaultBackend(), threads: defaultThreads(), instructionSet: defaultInstructionSet(),
        flushesSubnormals: defaultFlushesSubnormals())

    /// "native (avx2+fma), 2 threads", and ", subnormals kept" when they are.
    public var description: String {
        let kernels = backend == .native ? " (\(instructionSet.kernelName))" : ""
        let subnormals = flushesSubnormals ? "" : ", subnormals kept"
        return "\(backend.rawValue)\(kernels), \(threads) thread\(threads == 1 ? "" : "s")\(subnormals)"
    }

    private static let stored = Locked(environmentDefaults)
    private static let flushingSubnormals = ManagedAtomic<Bool>(environmentDefaults.flushesSubnormals)

    /// `PLEXUS_BACKEND` when it names an available backend, else Accelerate on macOS and the
    /// native kernels elsewhere.
    private static func defaultBackend() -> MatmulBackend {
        let platformChoice: MatmulBackend = MatmulBackend.accelerate.isAvailable ? .accelerate : .native
        let accepted = "a backend (use \(MatmulBackend.allCases.map(\.rawValue).joined(separator: ", ")))"
        guard let requested = Environment.setting("PLEXUS_BACKEND", accepted: accepted, { MatmulBackend(rawValue: $0.lowercased()) }) else {
            return platformChoice
        }
        guard requested.isAvailable else {
            let missing = requested == .openblas ? "OpenBLAS is not installed (Debian: libopenblas0-pthread)" : "it is not available here"
            Environment.warn("PLEXUS_BACKEND=\(requested.rawValue), but \(missing); using \(platformChoice.rawValue)")
            return platformChoice
        }
        return requested
    }

    /// `PLEXUS_THREADS` when set to a usable count, else the online processors' share of one
    /// process (see ``threadShare(cores:localRanks:)``).
    private static func defaultThreads() -> Int {
        let accepted = "a number of threads (use a whole number from 1 to \(MatmulBackend.maximumThreadCount))"
        let range = 1...MatmulBackend.maximumThreadCount
        if let requested = Environment.setting("PLEXUS_THREADS", accepted: accepted, { Int($0).flatMap { range ~= $0 ? $0 : nil } }) {
            return requested
        }
        return threadShare(
            cores: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), localRanks: Environment.value(of: "OMPI_COMM_WORLD_LOCAL_SIZE"))
    }

    /// The threads one process uses by default: all `cores`, or under `mpirun` (which sets
    /// `OMPI_COMM_WORLD_LOCAL_SIZE` to `localRanks`, the processes on this host) an equal share,
    /// at least one, as `torchrun` gives each process one thread. Otherwise every rank's workers
    /// would compete for the same cores, each waiting for threads the others hold.
    static func threadShare(cores: Int, localRanks: String?) -> Int {
        let all = min(max(1, cores), MatmulBackend.maximumThreadCount)
        guard let ranks = localRanks.flatMap({ Int($0) }), ranks > 1 else { return all }
        return max(1, all / ranks)
    }

    /// False when `PLEXUS_SUBNORMALS` is `keep`, else true.
    private static func defaultFlushesSubnormals() -> Bool {
        let accepted = "a subnormal mode (use flush or keep)"
        let choices = ["flush": true, "keep": false]
        return Environment.setting("PLEXUS_SUBNORMALS", accepted: accepted) { choices[$0.lowercased()] } ?? true
    }

    /// The best level this CPU runs, capped by `PLEXUS_ISA` (to test the slower paths on a fast
    /// machine); a level the CPU lacks is never chosen.
    private static func defaultInstructionSet() -> InstructionSet {
        let accepted = "an instruction-set level (use portable, avx2 or avx512)"
        let requested = Environment.setting("PLEXUS_ISA", accepted: accepted) { InstructionSet(rawValue: $0.lowercased()) }
        guard let requested, requested.isSupported else { return .best }
        return requested
    }
}

/// The vector-instruction levels Plexus's own kernels are compiled for, each chosen per
/// function at run time.
public enum InstructionSet: String, Sendable, CaseIterable, Comparable {
    /// Plain C, vectorised by the compiler for the baseline (SSE2 on x86-64, NEON on ARM).
    case portable
    /// AVX2 with fused multiply-add (x86-64, 2013 on).
    case avx2
    /// AVX-512 foundation (x86-64 servers and some desktops).
    case avx512

    /// The best level this CPU runs.
    public static let best = InstructionSet(plx_cpu_best_isa())

    /// Whether this CPU runs this level.
    public var isSupported: Bool { self <= InstructionSet.best }

    /// Every level this CPU runs, worst first.
    public static var supported: [InstructionSet] { allCases.filter(\.isSupported) }

    /// Whether `lhs` is a lower level than `rhs` (portable < avx2 < avx512).
    public static func < (lhs: InstructionSet, rhs: InstructionSet) -> Bool { lhs.level.rawValue < rhs.level.rawValue }

    /// The C library's name for the level.
    var level: plx_isa {
        switch self {
        case .portable: return PLX_ISA_PORTABLE
        case .avx2: return PLX_ISA_AVX2_FMA
        case .avx512: return PLX_ISA_AVX512
        }
    }

    /// The name benchmarks print ("avx2+fma").
    var kernelName: String { self == .avx2 ? "avx2+fma" : rawValue }

    init(_ level: plx_isa) {
        self = InstructionSet.allCases.first { $0.level == level } ?? .portable
    }
}
