#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where matrix products run.
///
/// - ``native``: Plexus's own kernels, on every platform.
/// - ``openblas``: Debian's OpenBLAS (`libopenblas0-pthread`), loaded at run time on Linux
///   when installed.
/// - ``accelerate``: Apple's Accelerate, on macOS.
///
/// The backend in use is ``default``, set by ``ComputeConfiguration/current`` (whose default
/// comes from `PLEXUS_BACKEND`, else Accelerate on macOS and native elsewhere).
public enum MatmulBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Plexus's own SIMD kernels, chosen for the processor at run time; always available.
    case native
    /// OpenBLAS, loaded at run time on Linux when `libopenblas0-pthread` is installed.
    case openblas
    /// Apple's Accelerate framework, on macOS.
    case accelerate

    /// Whether this backend can run on this machine.
    public var isAvailable: Bool {
        switch self {
        case .native: return true
        case .openblas: return CBLASLibrary.openBLAS != nil
        case .accelerate: return CBLASLibrary.accelerate != nil
        }
    }

    /// The backends that can run here, native first.
    public static var available: [MatmulBackend] { allCases.filter(\.isAvailable) }

    /// The backend that ``matmul(_:_:transposeA:transposeB:threads:)`` and the layers use:
    /// ``ComputeConfiguration/current``'s.
    public static var `default`: MatmulBackend { ComputeConfiguration.current.backend }

    /// A short description of the backend and the kernel it runs, for benchmarks.
    public var description: String {
        switch self {
        case .native: return "native (\(CPUKernels.isaName))"
        case .openblas: return "openblas (\(CBLASLibrary.openBLAS?.coreName ?? "absent"))"
        case .accelerate: return "accelerate"
        }
    }

    /// The most threads a product is split over (`PLEXUS_THREADS`, `plexus bench --threads`):
    /// far more than the cores of any machine Plexus runs on, and few enough to start.
    public static let maximumThreadCount = 1024

    /// The number of threads large products are split over: ``ComputeConfiguration/current``'s.
    public static var defaultThreadCount: Int { ComputeConfiguration.current.threads }

    /// The product of `a` and `b` (each optionally transposed) on this backend.
    ///
    /// - Parameters:
    ///   - a: the left matrix, `[m, k]` (or `[k, m]` with `transposeA`).
    ///   - b: the right matrix, `[k, n]` (or `[n, k]` with `transposeB`).
    ///   - transposeA: use the transpose of `a`.
    ///   - transposeB: use the transpose of `b`.
    ///   - threads: how many threads a large product may use; small products always use one.
    /// - Precondition: both are matrices and their inner dimensions agree.
    public func matmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false,
        threads: Int = MatmulBackend.defaultThreadCount
    ) -> Tensor {
        let (m, k) = MatmulBackend.operandShape(a, transposed: transposeA, name: "left")
        let (kb, n) = MatmulBackend.operandShape(b, transposed: transposeB, name: "right")
        require(
            k == kb,
            "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        var result = Tensor(uninitializedShape: [m, n])
        result.withUnsafeMutableBufferPointer { c in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    gemm(
                        m: m, n: n, k: k, a: a.baseAddress!, lda: transposeA ? m : k, transposeA: transposeA,
                        b: b.baseAddress!, ldb: transposeB ? k : n, transposeB: transposeB,
                        c: c.baseAddress!, ldc: n, accumulate: false, threads: threads, bIsPadded: true)
                }
            }
        }
        return result
    }

    /// C (m x n) = op(A)·op(B), or += with `accumulate`; the raw form every product goes through.
    /// `bIsPadded`: B's buffer is a Tensor's, readable past its end (see `NativeGemm`).
    func gemm(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int, bIsPadded: Bool = false, kernel: GemmMicroKernel? = nil
    ) {
        guard m > 0, n > 0 else { return }
        switch self {
        case .native:
            NativeGemm.multiply(
                MatrixView(a, rows: m, columns: k, ld: lda, transposed: transposeA),
                MatrixView(b, rows: k, columns: n, ld: ldb, transposed: transposeB),
                into: c, ldc: ldc, accumulate: accumulate, threads: threads, bIsPadded: bIsPadded,
                kernel: kernel ?? CPUKernels.gemm)
        case .openblas, .accelerate:
            let library = (self == .openblas ? CBLASLibrary.openBLAS : CBLASLibrary.accelerate)!
            if k == 0 {
                // Some BLAS builds skip the beta scaling when k is 0; do it ourselves.
                if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
                return
            }
            library.multiply(
                m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate, threads: threads)
        }
    }

    static func operandShape(_ t: Tensor, transposed: Bool, name: String) -> (Int, Int) {
        require(t.rank == 2, "matmul: the \(name) operand must be a matrix, got shape \(t.shape)")
        return transposed ? (t.shape[1], t.shape[0]) : (t.shape[0], t.shape[1])
    }
}
