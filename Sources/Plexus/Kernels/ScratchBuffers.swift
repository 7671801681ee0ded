/// A small pool of aligned Float buffers for packing matrix panels.
///
/// Allocating the megabytes a large product packs into on every call would cost page faults
/// each time; the pool hands the same buffers out again. It is safe to use from several
/// threads at once.
final class ScratchBufferPool: Sendable {
    static let shared = ScratchBufferPool()

    /// The buffers not in use.
    private let free = Locked<[(pointer: UnsafeMutablePointer<Float>, capacity: Int)]>([])
    private let maximumKept = 8

    private init() {}

    /// Runs `body` with a buffer of at least `count` floats, contents undefined.
    func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        let buffer = take(count)
        defer { give(buffer) }
        return try body(buffer.pointer)
    }

    private func take(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        let reused = free.withLock { free in
            free.firstIndex { $0.capacity >= count }.map { free.remove(at: $0) }
        }
        if let reused { return reused }
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 16) * MemoryLayout<Float>.stride, alignment: 64)
        return (raw.bindMemory(to: Float.self, capacity: max(count, 16)), max(count, 16))
    }

    private func give(_ buffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)) {
        let evicted = free.withLock { free -> UnsafeMutablePointer<Float>? in
            free.append(buffer)
            guard free.count > maximumKept,
                // Drop the smallest: large buffers are the expensive ones to make again.
                let smallest = free.indices.min(by: { free[$0].capacity < free[$1].capacity })
            else { return nil }
            return free.remove(at: smallest).pointer
        }
        if let evicted { UnsafeMutableRawPointer(evicted).deallocate() }
    }
}
