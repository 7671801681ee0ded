#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The target this process fuzzes, chosen once by PLEXUS_FUZZ_TARGET before the first input.
nonisolated(unsafe) var selectedTarget: (([UInt8]) throws -> Void)?
/// Whether inputs that repeat a recorded finding are skipped (PLEXUS_FUZZ_SKIP_KNOWN=1).
nonisolated(unsafe) var skipKnownFindings = false

/// libFuzzer calls this once at start: pick the target, or stop with the list of names.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    let names = fuzzTargets.keys.sorted().joined(separator: ", ")
    guard let name = getenv("PLEXUS_FUZZ_TARGET").map({ String(cString: $0) }), let target = fuzzTargets[name] else {
        let message = Array("PlexusFuzz: set PLEXUS_FUZZ_TARGET to one of: \(names)\n".utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(64)
    }
    selectedTarget = target
    skipKnownFindings = getenv("PLEXUS_FUZZ_SKIP_KNOWN").map { String(cString: $0) == "1" } ?? false
    atexit { ScratchFile.remove() }
    return 0
}

/// libFuzzer calls this for every input. A thrown error is the reader doing its job; only a
/// trap or a sanitizer report is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if skipKnownFindings && KnownFindings.claimsHugeInflation(bytes) { return -1 }
    try? selectedTarget?(bytes)
    return 0
}
