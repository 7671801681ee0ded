import CPlexusKernels

/// The micro-kernels chosen for this CPU, once, at first use.
///
/// `PLEXUS_ISA=portable|avx2|avx512` caps the choice (for testing the slower paths on a fast
/// machine); a level the CPU lacks is never chosen.
enum CPUKernels {
    /// The instruction-set level in use.
    static let isa: plx_isa = {
        let best = plx_cpu_best_isa()
        let levels = ["portable": PLX_ISA_PORTABLE, "avx2": PLX_ISA_AVX2_FMA, "avx512": PLX_ISA_AVX512]
        let requested = Environment.setting("PLEXUS_ISA", accepted: "an instruction-set level (use portable, avx2 or avx512)") {
            levels[$0.lowercased()]
        }
        guard let requested, requested.rawValue < best.rawValue else { return best }
        return requested
    }()

    /// A readable name of the level in use, for benchmarks and diagnostics.
    static var isaName: String {
        switch isa {
        case PLX_ISA_AVX512: return "avx512"
        case PLX_ISA_AVX2_FMA: return "avx2+fma"
        default: return "portable"
        }
    }

    static let gemm = GemmMicroKernel(plx_gemm_kernel_for(isa))

    /// Every level this CPU can run, worst first: tests check each against the others.
    static let supportedISAs: [plx_isa] =
        [PLX_ISA_PORTABLE, PLX_ISA_AVX2_FMA, PLX_ISA_AVX512].filter { $0.rawValue <= plx_cpu_best_isa().rawValue }
    static let unary = UnaryKernels(isa: isa)
    static let adam: plx_adam_kernel = plx_adam_kernel_for(isa)!
}

/// A GEMM micro-kernel and its tile: it computes an `mr` x `nr` block of C per call.
struct GemmMicroKernel: Sendable {
    let call: plx_gemm_micro_kernel
    let mr: Int
    let nr: Int

    init(_ info: plx_gemm_kernel_info) {
        call = info.kernel!
        mr = info.mr
        nr = info.nr
    }
}

/// The vectorised elementwise C kernels of one instruction-set level.
struct UnaryKernels: Sendable {
    typealias Kernel = @convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
    let exp: Kernel
    let sigmoid: Kernel
    let tanh: Kernel

    init(isa: plx_isa) {
        exp = plx_exp_kernel_for(isa)
        sigmoid = plx_sigmoid_kernel_for(isa)
        tanh = plx_tanh_kernel_for(isa)
    }

}

