#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A system BLAS found at run time with `dlopen`: OpenBLAS on Linux, Accelerate on macOS.
///
/// Nothing links against it, so Plexus builds and runs where it is absent; when it is
/// present it serves as a second backend and as the reference in tests and benchmarks.
final class CBLASLibrary: @unchecked Sendable {
    // @unchecked: every stored property is set once in init, and the C function pointers
    // are safe to call from any thread (the thread setting is held by `threadSetting`).

    typealias Sgemm =
        @convention(c) (
            Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
            UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
        ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?

    let name: String
    /// OpenBLAS's name for the kernel family it chose (for example "Haswell"); nil elsewhere.
    let coreName: String?
    private let sgemm: Sgemm
    private let setThreads: SetThreads?
    /// Held from setting the library's global thread count until the product that uses it ends.
    private let threadSetting = Locked(())

    private init?(name: String, path: String) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL),
            let symbol = dlsym(handle, "cblas_sgemm")
        else { return nil }
        self.name = name
        sgemm = unsafeBitCast(symbol, to: Sgemm.self)
        setThreads = dlsym(handle, "openblas_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
        coreName = dlsym(handle, "openblas_get_corename")
            .map { unsafeBitCast($0, to: CoreName.self) }
            .flatMap { $0() }
            .map { String(cString: $0) }
    }

    /// Debian's OpenBLAS (libopenblas0-pthread), if installed.
    static let openBLAS: CBLASLibrary? = {
        #if os(Linux)
            chooseOpenBLASCore()
            return CBLASLibrary(name: "openblas", path: "libopenblas.so.0")
        #else
            return nil
        #endif
    }()

    /// Apple's Accelerate framework, on macOS.
    static let accelerate: CBLASLibrary? = {
        #if canImport(Darwin)
            return CBLASLibrary(name: "accelerate", path: "/System/Library/Frameworks/Accelerate.framework/Accelerate")
        #else
            return nil
        #endif
    }()

    /// OpenBLAS picks its kernels from the CPU model, and older builds (Debian 12 ships 0.3.21)
    /// do not know newer CPUs and fall back to a generic SSE kernel at a fifth of the speed.
    /// Unless the user chose a core, name the family that matches the vector units we found.
    /// OpenBLAS reads `OPENBLAS_CORETYPE` only while it is being loaded and has no call to
    /// choose a core afterwards, so this is the library's one `setenv`, made just before `dlopen`.
    private static func chooseOpenBLASCore() {
        #if arch(x86_64)
            guard Environment.value(of: "OPENBLAS_CORETYPE") == nil else { return }
            switch CPUKernels.isaName {
            case "avx512": Environment.set("OPENBLAS_CORETYPE", to: "SkylakeX")
            case "avx2+fma": Environment.set("OPENBLAS_CORETYPE", to: "Haswell")
            default: break
            }
        #endif
    }

    /// C (+)= op(A)·op(B) through cblas_sgemm (row-major), on `threads` threads where the
    /// library lets us choose.
    func multiply(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int
    ) {
        let rowMajor: Int32 = 101, noTranspose: Int32 = 111, transpose: Int32 = 112
        threadSetting.withLock { _ in
            setThreads?(Int32(threads))
            sgemm(
                rowMajor, transposeA ? transpose : noTranspose, transposeB ? transpose : noTranspose,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)),
                accumulate ? 1 : 0, c, Int32(max(ldc, 1)))
        }
    }
}
