#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bound on how much Plexus reads from one input file, so that a lying size field, a
/// compressed "bomb" or an endless source (`/dev/zero`, a pipe that never closes) ends in a
/// clear ``DataError`` instead of eating the machine's memory.
///
/// Every reader (CSV, NPY, NPZ, IDX, safetensors, model files) counts the bytes it reads and,
/// for compressed data, the bytes it decompresses; past ``maximumInputBytes`` it stops with
/// a ``DataError`` of kind ``DataError/Kind/tooLarge`` that names the file and says how to
/// raise the limit.
///
/// The limit is, in order of precedence:
/// 1. the value given to ``withMaximumInputBytes(_:_:)`` for the code it runs (per task);
/// 2. the value last set on ``maximumInputBytes``;
/// 3. the environment variable `PLEXUS_MAX_INPUT_BYTES` (bytes, or with a suffix: `512M`, `4G`);
/// 4. ``defaultMaximumInputBytes``: an eighth of the physical memory, at least 64 MiB and
///    at most 512 MiB.
///
/// ```swift
/// ReadLimits.maximumInputBytes = 8 << 30                  // allow 8 GiB per file
/// let big = try NPY.load("embeddings.npy")
/// let small = try ReadLimits.withMaximumInputBytes(1 << 20) { try CSV.load(untrustedPath) }
/// ```
public enum ReadLimits {
    /// The environment variable that sets the limit: a number of bytes, optionally with a
    /// suffix `K`, `M`, `G` or `T` (powers of 1024; `KB`, `MiB`, ... are accepted too).
    public static let environmentVariable = "PLEXUS_MAX_INPUT_BYTES"

    /// The largest ratio of uncompressed to compressed size a zip member may claim: deflate
    /// cannot do better than about 1032 to 1.
    public static let maximumCompressionRatio = 1032

    /// The limit when nothing sets one: an eighth of the physical memory, kept between
    /// 64 MiB and 512 MiB, so that reading one hostile input (and parsing what it holds)
    /// stays within about a gigabyte; raise it for a bigger data set.
    public static var defaultMaximumInputBytes: Int {
        let pages = Int(sysconf(Int32(_SC_PHYS_PAGES)))
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard pages > 0, pageSize > 0 else { return 512 << 20 }
        let (physical, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return min(max(overflow ? Int.max / 8 : physical / 8, 64 << 20), 512 << 20)
    }

    /// The most bytes read, or decompressed, from one input file. Setting it applies to the
    /// whole process (it is safe from any thread) and takes precedence over the environment
    /// variable; ``withMaximumInputBytes(_:_:)`` overrides it for one piece of code.
    /// Values below 1 are taken as 1.
    public static var maximumInputBytes: Int {
        get {
            if let scoped = scopedLimit { return scoped }
            if let set = storage.withLock({ $0 }) { return set }
            return environmentLimit ?? defaultMaximumInputBytes
        }
        set { storage.withLock { $0 = max(newValue, 1) } }
    }

    /// Runs `body` with `limit` as the read limit of the current task (and the tasks it
    /// starts), leaving every other thread's limit alone: how a test lowers it safely.
    ///
    /// ```swift
    /// let x = try ReadLimits.withMaximumInputBytes(64 << 20) { try NPY.load(path) }
    /// ```
    public static func withMaximumInputBytes<T>(_ limit: Int, _ body: () throws -> T) rethrows -> T {
        try $scopedLimit.withValue(max(limit, 1), operation: body)
    }

    @TaskLocal private static var scopedLimit: Int?

    private static let storage = Locked<Int?>(nil)

    /// The environment variable's value, read once; a value that is not a size is reported
    /// on standard error once and ignored.
    private static let environmentLimit: Int? = Environment.setting(
        environmentVariable, accepted: "a size in bytes (write, e.g., 1073741824, 512M or 4G)"
    ) { parseSize($0).flatMap { $0 > 0 ? $0 : nil } }

    /// A size written as a whole number of bytes with an optional binary suffix (`K`, `M`,
    /// `G`, `T`, also `KB`, `KiB`, ..., any case); nil when it is not one or overflows.
    package static func parseSize(_ text: String) -> Int? {
        var digits = Substring(text.trimmingBlanks)
        var unit = 1
        let suffixes: [(String, Int)] = [("t", 1 << 40), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10)]
        var lower = digits.lowercased()
        for tail in ["ib", "b"] where lower.hasSuffix(tail) && lower.count > tail.count {
            lower.removeLast(tail.count)
            digits = digits.dropLast(tail.count)
            break
        }
        if let (_, multiplier) = suffixes.first(where: { lower.hasSuffix($0.0) }) {
            unit = multiplier
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }

    /// The error for an input that goes past `limit`: names the file and how to raise the limit.
    static func exceeded(_ name: String, limit: Int, what: String = "holds more than") -> DataError {
        DataError(
            .tooLarge, file: name,
            "\(name): \(what) \(describe(limit)), the limit on bytes read from one input; raise it with \(environmentVariable) (e.g. \(environmentVariable)=\(suggestion(above: limit))) or ReadLimits.maximumInputBytes"
        )
    }

    /// `bytes` for a message: exact, with a rounded binary unit when large.
    static func describe(_ bytes: Int) -> String {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        guard let (unit, size) = units.first(where: { bytes >= $0.1 }) else { return "\(bytes) bytes" }
        let value = Double(bytes) / Double(size)
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
        return "\(bytes) bytes (\(rounded) \(unit))"
    }

    /// A limit to suggest: the next power of two in GiB above `limit` (at least 2G).
    private static func suggestion(above limit: Int) -> String {
        var gib = 2
        while gib < 1 << 20, gib << 30 <= limit { gib *= 2 }
        return "\(gib)G"
    }
}
