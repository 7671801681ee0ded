#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ceilings on what a model may ask for, checked by ``ArchitecturePlan`` before anything is
/// allocated, so that a typo (`--layers 100000000`) or a lying model file is a clear error and
/// not an attempt to allocate hundreds of gigabytes.
///
/// The defaults come from the environment when set, so a user can raise them without code:
///
/// | variable | default |
/// |---|---|
/// | `PLEXUS_MAX_PARAMETERS` | 50,000,000 scalars (200 MB of weights; about 800 MB in training with Adam) |
/// | `PLEXUS_MAX_ACTIVATION_BYTES` | 512 MiB, or an eighth of the physical memory if that is less |
///
/// The defaults keep a training run of the command within about a gigabyte, so that a slip
/// of the keyboard cannot take the machine; real models that need more raise them.
///
/// ```swift
/// var limits = SizeLimits.standard
/// limits.maximumParameters = 2_000_000_000
/// let plan = try ArchitecturePlan(layers: layers, inputShape: [224, 224, 3], limits: limits)
/// ```
public struct SizeLimits: Sendable, Equatable {
    /// The most parameters (scalars) a model may have.
    public var maximumParameters: Int
    /// The most bytes one batch's activations and their gradients may take in training.
    public var maximumActivationBytes: Int

    /// Limits with the given ceilings.
    public init(maximumParameters: Int, maximumActivationBytes: Int) {
        self.maximumParameters = maximumParameters
        self.maximumActivationBytes = maximumActivationBytes
    }

    /// The default limits: the environment's `PLEXUS_MAX_PARAMETERS` and
    /// `PLEXUS_MAX_ACTIVATION_BYTES` where set to a positive size, else 50 million parameters
    /// and 512 MiB (less on a machine with under 4 GiB).
    /// They are read once, when first used.
    public static let standard: SizeLimits = {
        SizeLimits(
            maximumParameters: environmentValue(parametersVariable) ?? 50_000_000,
            maximumActivationBytes: environmentValue(activationBytesVariable)
                ?? Swift.min(Swift.max(physicalMemory / 8, 64 << 20), 512 << 20))
    }()

    /// No ceilings: for models whose size a program chose itself.
    public static let unlimited = SizeLimits(maximumParameters: .max, maximumActivationBytes: .max)

    /// The variable that raises ``maximumParameters``.
    public static let parametersVariable = "PLEXUS_MAX_PARAMETERS"
    /// The variable that raises ``maximumActivationBytes``.
    public static let activationBytesVariable = "PLEXUS_MAX_ACTIVATION_BYTES"

    /// A positive size from the environment, written as ``ReadLimits`` sizes are (`250000000`,
    /// `2G`); nil when unset. A value that is not one is reported on standard error and ignored.
    static func environmentValue(_ name: String) -> Int? {
        Environment.setting(name, accepted: "a positive size (write, e.g., 250000000 or 2G)") { text in
            ReadLimits.parseSize(text.filter { $0 != "_" && $0 != "," }).flatMap { $0 > 0 ? $0 : nil }
        }
    }

    /// The machine's physical memory in bytes (16 GB when the system does not say).
    static var physicalMemory: Int {
        #if canImport(Darwin)
            var size: UInt64 = 0
            var length = MemoryLayout<UInt64>.size
            guard sysctlbyname("hw.memsize", &size, &length, nil, 0) == 0 else { return 16 << 30 }
            return Int(clamping: size)
        #else
            let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
            guard pages > 0, pageSize > 0 else { return 16 << 30 }
            return pages.multipliedReportingOverflow(by: pageSize).overflow ? Int.max : pages * pageSize
        #endif
    }
}
