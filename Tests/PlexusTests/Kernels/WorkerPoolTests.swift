import Testing

@testable import Plexus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The worker pool behind `parallelFor`, and the reader's background thread: every index runs
/// exactly once, whoever runs it, including when calls nest or come from two threads at once.
@Suite struct WorkerPoolTests {
    /// Counts, per index, how often it ran: written from several threads at disjoint places.
    private final class Tally: @unchecked Sendable {
        let counts: UnsafeMutablePointer<Int>
        let size: Int
        init(_ size: Int) {
            self.size = size
            counts = .allocate(capacity: size)
            counts.initialize(repeating: 0, count: size)
        }
        deinit { counts.deallocate() }
        var all: [Int] { Array(UnsafeBufferPointer(start: counts, count: size)) }
    }

    @Test(arguments: [0, 1, 2, 3, 17, 1000])
    func everyIndexRunsOnce(count: Int) {
        let tally = Tally(max(count, 1))
        for _ in 0..<50 {
            parallelFor(count) { tally.counts[$0] += 1 }
        }
        #expect(tally.all == [Int](repeating: count == 0 ? 0 : 50, count: max(count, 1)))
    }

    @Test func aCallInsideACallRunsInline() {
        let tally = Tally(8 * 8)
        parallelFor(8) { outer in
            parallelFor(8) { inner in tally.counts[outer * 8 + inner] += 1 }
        }
        #expect(tally.all == [Int](repeating: 1, count: 64))
    }

    /// Two threads calling at once: one takes the pool, the other runs its own indices; neither
    /// loses or repeats one.
    @Test func callsFromTwoThreadsAtOnce() throws {
        let first = Tally(5000), second = Tally(5000)
        let other = try #require(BackgroundThread.start())
        other.run {
            for _ in 0..<20 { parallelFor(5000) { first.counts[$0] += 1 } }
        }
        for _ in 0..<20 { parallelFor(5000) { second.counts[$0] += 1 } }
        other.waitUntilIdle()
        #expect(first.all == [Int](repeating: 20, count: 5000))
        #expect(second.all == [Int](repeating: 20, count: 5000))
    }

    /// After the workers have gone to sleep (they spin for a fraction of a millisecond), a new
    /// call still wakes them or runs without them: it never waits forever.
    @Test func aCallAfterTheWorkersSleep() {
        let tally = Tally(64)
        parallelFor(64) { tally.counts[$0] += 1 }
        usleep(20_000)
        parallelFor(64) { tally.counts[$0] += 1 }
        #expect(tally.all == [Int](repeating: 2, count: 64))
    }

    @Test func theBackgroundThreadRunsJobsInTurn() throws {
        let thread = try #require(BackgroundThread.start())
        let order = Locked<[Int]>([])
        for job in 0..<100 {
            thread.run { order.withLock { $0.append(job) } }
            thread.waitUntilIdle()
        }
        #expect(order.withLock { $0 } == Array(0..<100))
    }
}
