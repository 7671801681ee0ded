#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A shared library opened at run time with `dlopen`, so that Plexus builds and runs where it
/// is absent, and its symbols found by name.
///
/// Nothing links against such a library; the first of `candidates` that opens is used. A
/// missing library or symbol is reported with the Debian package that provides it.
struct DynamicLibrary: @unchecked Sendable {
    // @unchecked: the handle is an opaque pointer that is never written after init, and the
    // dynamic loader's lookups are thread-safe.
    private let handle: UnsafeMutableRawPointer
    /// The file name that opened.
    let path: String

    /// Opens the first of `candidates` (file names or paths) that the dynamic loader finds.
    /// `global` makes its symbols visible to libraries it loads in turn (plug-ins that expect
    /// to be linked with it, as Open MPI's are).
    init?(candidates: [String], global: Bool = false) {
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | (global ? RTLD_GLOBAL : RTLD_LOCAL)) {
                self.handle = handle
                path = candidate
                return
            }
        }
        return nil
    }

    /// The address of `symbol`, or nil.
    func address(of symbol: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, symbol)
    }

    /// The function `symbol`, typed as `type` (a `@convention(c)` function type).
    func function<Function>(_ symbol: String, as type: Function.Type) throws -> Function {
        guard let address = address(of: symbol) else { throw DynamicLibrary.MissingSymbol(library: path, symbol: symbol) }
        return unsafeBitCast(address, to: type)
    }

    /// A symbol the library should have but lacks (another version of it).
    struct MissingSymbol: Error, CustomStringConvertible {
        let library: String
        let symbol: String
        var description: String { "\(library) has no symbol \(symbol) (an unexpected version of the library)" }
    }
}
