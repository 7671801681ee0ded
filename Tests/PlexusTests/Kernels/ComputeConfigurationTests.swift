import CPlexusKernels
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@testable import Plexus

/// The one configuration of backend, threads and instruction set. Changing it here would change
/// the kernels under every test running at the same time, so each change runs in a child
/// process (an exit test) and the parent only reads.
@Suite struct ComputeConfigurationTests {
    @Test func startsFromTheEnvironmentDefaults() {
        #expect(ComputeConfiguration.current == ComputeConfiguration.environmentDefaults)
        #expect(InstructionSet.best == InstructionSet(plx_cpu_best_isa()))
        #expect(InstructionSet.supported.first == .portable)
        #expect(InstructionSet.supported.map(\.level) == CPUKernels.supportedISAs)
        #expect(MatmulBackend.default == ComputeConfiguration.current.backend)
        #expect(MatmulBackend.defaultThreadCount == ComputeConfiguration.current.threads)
    }

    /// Under mpirun the ranks on one host share its cores; a missing, unreadable or single-rank
    /// count leaves them all to the one process.
    @Test func ranksOnOneHostShareItsCores() {
        #expect(ComputeConfiguration.threadShare(cores: 8, localRanks: nil) == 8)
        #expect(ComputeConfiguration.threadShare(cores: 8, localRanks: "1") == 8)
        #expect(ComputeConfiguration.threadShare(cores: 8, localRanks: "2") == 4)
        #expect(ComputeConfiguration.threadShare(cores: 8, localRanks: "3") == 2)
        #expect(ComputeConfiguration.threadShare(cores: 2, localRanks: "4") == 1)
        #expect(ComputeConfiguration.threadShare(cores: 8, localRanks: "many") == 8)
        #expect(ComputeConfiguration.threadShare(cores: 0, localRanks: nil) == 1)
    }

    @Test func describesItself() {
        let configuration = ComputeConfiguration(backend: .native, threads: 1, instructionSet: .avx2)
        #expect(configuration.description == "native (avx2+fma), 1 thread")
    }

    /// A change is seen by the next operation: the kernel table, the thread count and a product
    /// computed with the portable kernels, which must agree with the best level's.
    @Test func aChangeTakesEffectAtTheNextOperation() async {
        await #expect(processExitsWith: .success) {
            // Sizes that reach the vector loop and the tail of every level's tile.
            let a = Tensor(shape: [37, 53], scalars: (0..<(37 * 53)).map { Float(($0 * 7919) % 23) / 23 - 0.5 })
            let b = Tensor(shape: [53, 29], scalars: (0..<(53 * 29)).map { Float(($0 * 104_729) % 19) / 19 - 0.5 })
            let best = matmul(a, b)
            ComputeConfiguration.current.instructionSet = .portable
            ComputeConfiguration.current.threads = 1
            guard CPUKernels.isa == PLX_ISA_PORTABLE, MatmulBackend.defaultThreadCount == 1 else { exit(3) }
            let portable = matmul(a, b)
            guard abs(best - portable).max().scalar < 1e-4 else { exit(4) }
        }
    }

    @Test func zeroThreadsIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            ComputeConfiguration.current.threads = 0
        }
    }

    @Test(.enabled(if: !InstructionSet.avx512.isSupported, "this CPU runs AVX-512"))
    func anInstructionSetTheCPULacksIsAProgrammingError() async {
        await #expect(processExitsWith: .failure) {
            ComputeConfiguration.current.instructionSet = .avx512
        }
    }
}
