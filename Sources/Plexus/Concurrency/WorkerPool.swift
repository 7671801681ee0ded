import Atomics
import CPlexusKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The threads that ``parallelFor(_:_:)`` shares its work with: one fewer than the cores, made
/// once, and kept spinning for a moment after each job so that the next one, a few
/// microseconds later in the same training step, starts without a wake-up.
///
/// Why not `DispatchQueue.concurrentPerform`: each call woke its workers through the kernel
/// (tens of microseconds on a virtual machine, more than a small product takes), and when the
/// process could make no more threads (an address-space limit) libdispatch waited for one
/// forever. Here a worker that cannot be made is simply missing: the caller does its share.
///
/// One job runs at a time. A call made while a job runs (from inside a job, or from a second
/// thread) runs its indices itself, in order, which is always correct: the pool only ever
/// changes who runs an index, never what it computes.
final class WorkerPool: @unchecked Sendable {
    // @unchecked: the job slot is behind a lock; everything else is atomic or immutable.

    /// The pool the library uses, with one worker fewer than the machine has cores.
    static let shared = WorkerPool(workers: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) - 1)

    /// One call's indices: claimed one by one by whoever gets to them first.
    private final class Job: Sendable {
        let count: Int
        /// The caller's body, valid only while the caller waits for `finished` to reach `count`:
        /// an index is claimed before the body is called, so no one calls it after that.
        let body: UncheckedSendable<UnsafePointer<(Int) -> Void>>
        let claimed = ManagedAtomic<Int>(0)
        let finished = ManagedAtomic<Int>(0)
        /// The caller's floating-point control register (whether subnormals count as zero,
        /// see ``withSubnormalsFlushed(_:)``), which every worker adopts for the job.
        let floatingPointControl: UInt

        init(count: Int, body: UnsafePointer<(Int) -> Void>) {
            self.count = count
            self.body = UncheckedSendable(body)
            floatingPointControl = plx_fp_control()
        }

        /// Runs indices until none is left to claim.
        func work() {
            while true {
                let index = claimed.loadThenWrappingIncrement(ordering: .relaxed)
                guard index < count else { return }
                Job.call(body.value, index)
                finished.wrappingIncrement(ordering: .releasing)
            }
        }

        /// Kept out of line so that the copy of the closure it loads is released before the
        /// index is counted as finished, never after the caller has returned.
        @inline(never)
        private static func call(_ body: UnsafePointer<(Int) -> Void>, _ index: Int) {
            body.pointee(index)
        }
    }

    /// Written only in `init`, before any job.
    private var workerCount = 0
    /// Bumped for every job; spinning workers watch it.
    private let generation = ManagedAtomic<Int>(0)
    /// Workers asleep on `wake`, so that a new job knows to signal.
    private let sleepers = ManagedAtomic<Int>(0)
    /// Set while a job runs; a call that finds it set runs inline.
    private let busy = ManagedAtomic<Bool>(false)
    private let current = Locked<Job?>(nil)
    /// Where workers sleep between jobs.
    private let wake = ConditionLock()
    /// How long a worker spins for the next job before it sleeps.
    private static let spinNanoseconds: UInt64 = 200_000

    private init(workers: Int) {
        // 4 MiB stacks (the kernels keep their buffers on the heap). The pool is never
        // deallocated (it is `shared`), so the workers hold it unretained.
        for _ in 0..<max(workers, 0)
        where startOwnThread(stackBytes: 4 << 20, detached: true, { [unowned(unsafe) self] in self.serve() }) != nil {
            workerCount += 1
        }
    }

    /// Runs `body(index)` for every index in `0..<count` on the caller and the workers, and
    /// returns when all are done.
    func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, workerCount > 0,
            busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for index in 0..<count { body(index) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { pointer in
                let job = Job(count: count, body: pointer)
                current.withLock { $0 = job }
                generation.wrappingIncrement(ordering: .sequentiallyConsistent)
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    wake.lock()
                    wake.broadcast()
                    wake.unlock()
                }
                job.work()
                // Every index is claimed; wait for the ones a worker is still running.
                var spins = 0
                while job.finished.load(ordering: .acquiring) < count {
                    spins += 1
                    // A worker preempted mid-index needs a core: after a while, offer ours.
                    if spins > 4096 { sched_yield() }
                }
                current.withLock { $0 = nil }
            }
        }
    }

    /// A worker's loop: spin for a new generation, sleep when none comes, work on each job.
    private func serve() {
        var seen = generation.load(ordering: .acquiring)
        var control = plx_fp_control()
        while true {
            seen = waitForJob(after: seen)
            guard let job = current.withLock({ $0 }) else { continue }
            if job.floatingPointControl != control {
                control = job.floatingPointControl
                plx_set_fp_control(control)
            }
            job.work()
        }
    }

    /// The generation after `seen`, once there is one: spinning first, then asleep.
    private func waitForJob(after seen: Int) -> Int {
        let start = Self.now()
        var spins = 0
        while true {
            let latest = generation.load(ordering: .acquiring)
            if latest != seen { return latest }
            spins += 1
            if spins % 256 == 0 && Self.now() - start > Self.spinNanoseconds { break }
        }
        wake.lock()
        sleepers.wrappingIncrement(ordering: .sequentiallyConsistent)
        // Checked again after announcing the sleep: a job published in between is either seen
        // here or signalled, since its publisher reads `sleepers` after bumping the generation.
        while generation.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
        sleepers.wrappingDecrement(ordering: .sequentiallyConsistent)
        wake.unlock()
        return generation.load(ordering: .acquiring)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
