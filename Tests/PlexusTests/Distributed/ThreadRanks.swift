import Foundation

@testable import Plexus

/// Ranks that are threads of this process: a communicator for testing data-parallel training
/// without MPI. Each collective call waits until every rank has made it, then every rank sums
/// the deposited buffers in rank order, so all get bit-identical results (as MPI's do).
final class ThreadTeam: @unchecked Sendable {
    // @unchecked: every stored property is read and written under `condition`.
    let size: Int
    private let condition = NSCondition()
    private var slots: [[Double]]
    private var arrived = 0
    private var generation = 0
    private var gathered: [[Double]] = []

    init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    /// Every rank's `values`, in rank order, once every rank has given its own.
    func gather(_ values: [Double], rank: Int) -> [[Double]] {
        condition.lock()
        defer { condition.unlock() }
        let mine = generation
        slots[rank] = values
        arrived += 1
        if arrived == size {
            (gathered, arrived, generation) = (slots, 0, generation + 1)
            condition.broadcast()
        } else {
            while generation == mine { condition.wait() }
        }
        return gathered
    }

    /// Runs `body(rank)` on `size` threads at once and returns each rank's result.
    func run<Result: Sendable>(_ body: @escaping @Sendable (ThreadRank) -> Result) -> [Result] {
        let results = Locked([Result?](repeating: nil, count: size))
        let done = DispatchGroup()
        for rank in 0..<size {
            done.enter()
            Thread {
                let result = body(ThreadRank(team: self, rank: rank))
                results.withLock { $0[rank] = result }
                done.leave()
            }.start()
        }
        done.wait()
        return results.withLock { $0.map { $0! } }
    }
}

/// One thread's view of a ``ThreadTeam``.
struct ThreadRank: Communicator {
    let team: ThreadTeam
    let rank: Int
    var size: Int { team.size }

    func allReduceSum(_ buffer: inout [Float]) {
        let all = team.gather(buffer.map(Double.init), rank: rank)
        for index in buffer.indices { buffer[index] = all.reduce(Float(0)) { $0 + Float($1[index]) } }
    }

    func allReduceSum(_ buffer: inout [Double]) {
        let all = team.gather(buffer, rank: rank)
        for index in buffer.indices { buffer[index] = all.reduce(0) { $0 + $1[index] } }
    }

    func broadcast(_ buffer: inout [Float], from root: Int) {
        buffer = team.gather(buffer.map(Double.init), rank: rank)[root].map(Float.init)
    }

    func barrier() { _ = team.gather([], rank: rank) }

    func abort(status: Int32) -> Never { fatalError("rank \(rank) aborted with status \(status)") }
}
