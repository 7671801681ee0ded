#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the process and the machine did while a benchmark ran: the numbers the peers' scripts
/// record to tell a clean run from one another program disturbed.
public struct ProcessUsage: Sendable {
    /// Seconds of CPU time this process has used (user and system).
    public var ownCPUSeconds: Double
    /// Busy seconds of every core since boot (user, nice, system, irq, softirq, steal), from
    /// `/proc/stat`; nil where there is none (macOS).
    public var machineBusySeconds: Double?
    /// The wall clock, for the interval between two snapshots.
    public var instant: ContinuousClock.Instant

    /// A snapshot now.
    public static func now() -> ProcessUsage {
        var usage = rusage()
        getrusage(Self.selfWho, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
        return ProcessUsage(
            ownCPUSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime), machineBusySeconds: machineBusy(),
            instant: .now)
    }

    /// The share of the machine's capacity other processes used from `start` to `self` (0...1),
    /// as the peers' `foreign_cpu_frac`; nil without `/proc/stat`.
    public func foreignShare(since start: ProcessUsage) -> Double? {
        guard let busy = machineBusySeconds, let startBusy = start.machineBusySeconds else { return nil }
        let wall = (instant - start.instant).seconds
        let cores = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let others = (busy - startBusy) - (ownCPUSeconds - start.ownCPUSeconds)
        return wall > 0 ? max(0, others) / (wall * cores) : 0
    }

    /// The most resident memory the process has held, in bytes (`ru_maxrss`).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(Self.selfWho, &usage)
        #if canImport(Darwin)
            return Int(usage.ru_maxrss)  // bytes on Darwin
        #else
            return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #endif
    }

    #if canImport(Glibc)
        private static let selfWho = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
        private static let selfWho = RUSAGE_SELF
    #endif

    /// The first line of `/proc/stat`, summed as the peers sum it.
    private static func machineBusy() -> Double? {
        guard let file = fopen("/proc/stat", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let fields = text.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / ticks
    }
}
