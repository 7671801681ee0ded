import CPlexusKernels

/// The micro-kernels of the instruction-set level that ``ComputeConfiguration/current`` names.
///
/// Every level this CPU runs gets its table once, at first use; each operation then looks up
/// the table of the level in use, so changing the configuration takes effect at the next one.
enum CPUKernels {
    /// The kernels of one level.
    struct Table: Sendable {
        let gemm: GemmMicroKernel
        let unary: UnaryKernels
        let adam: plx_adam_kernel
        let maxPool: plx_max_pool_kernel
        let routeToMaxima: plx_route_kernel

        init(_ isa: plx_isa) {
            gemm = GemmMicroKernel(plx_gemm_kernel_for(isa))
            unary = UnaryKernels(isa: isa)
            adam = plx_adam_kernel_for(isa)!
            maxPool = plx_max_pool_kernel_for(isa)!
            routeToMaxima = plx_route_kernel_for(isa)!
        }
    }

    /// One table per level, indexed by the level's number; a level this CPU cannot run gets
    /// the portable kernels (the configuration never selects it).
    private static let tables = InstructionSet.allCases.map { Table(($0.isSupported ? $0 : .portable).level) }

    /// The kernels of the configured level: an index, no search, since every layer of a
    /// single-sample prediction asks.
    static var table: Table { table(for: ComputeConfiguration.current.instructionSet) }

    /// The kernels of `level`, for a caller that has read the configuration already.
    static func table(for level: InstructionSet) -> Table { tables[Int(level.level.rawValue)] }

    /// The instruction-set level in use.
    static var isa: plx_isa { ComputeConfiguration.current.instructionSet.level }

    /// A readable name of the level in use, for benchmarks and diagnostics.
    static var isaName: String { ComputeConfiguration.current.instructionSet.kernelName }

    static var gemm: GemmMicroKernel { table.gemm }
    static var unary: UnaryKernels { table.unary }
    static var adam: plx_adam_kernel { table.adam }

    /// Every level this CPU can run, worst first: tests check each against the others.
    static let supportedISAs: [plx_isa] = InstructionSet.supported.map(\.level)
}

/// A GEMM micro-kernel and its tile: it computes an `mr` x `nr` block of C per call.
struct GemmMicroKernel: Sendable {
    let call: plx_gemm_micro_kernel
    let mr: Int
    let nr: Int
    /// One row of C across all its columns, summed exactly as `call` sums it.
    let row: plx_gemm_row_kernel
    /// Packs runs stored along the depth into a depth-major panel (a transpose).
    let packTransposed: plx_pack_transposed_kernel

    init(_ info: plx_gemm_kernel_info) {
        call = info.kernel!
        mr = info.mr
        nr = info.nr
        row = info.row!
        packTransposed = info.pack_transposed!
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
