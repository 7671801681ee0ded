#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small pool of aligned Float buffers for packing matrix panels.
///
/// Allocating the megabytes a large product packs into on every call would cost page faults
/// each time; the pool hands the same buffers out again. It is safe to use from several
/// threads at once.
final class ScratchBufferPool: @unchecked Sendable {
    // @unchecked: `free` is only touched while `mutex` is held.
    static let shared = ScratchBufferPool()

    private var mutex = pthread_mutex_t()
    private var free: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
    private let maximumKept = 8

    private init() {
        pthread_mutex_init(&mutex, nil)
    }

    /// Runs `body` with a buffer of at least `count` floats, contents undefined.
    func withBuffer<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        let buffer = take(count)
        defer { give(buffer) }
        return try body(buffer.pointer)
    }

    private func take(_ count: Int) -> (pointer: UnsafeMutablePointer<Float>, capacity: Int) {
        pthread_mutex_lock(&mutex)
        if let index = free.firstIndex(where: { $0.capacity >= count }) {
            let buffer = free.remove(at: index)
            pthread_mutex_unlock(&mutex)
            return buffer
        }
        pthread_mutex_unlock(&mutex)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 16) * MemoryLayout<Float>.stride, alignment: 64)
        return (raw.bindMemory(to: Float.self, capacity: max(count, 16)), max(count, 16))
    }

    private func give(_ buffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)) {
        pthread_mutex_lock(&mutex)
        free.append(buffer)
        var evicted: UnsafeMutablePointer<Float>?
        if free.count > maximumKept {
            // Drop the smallest: large buffers are the expensive ones to make again.
            let smallest = free.indices.min { free[$0].capacity < free[$1].capacity }!
            evicted = free.remove(at: smallest).pointer
        }
        pthread_mutex_unlock(&mutex)
        if let evicted { UnsafeMutableRawPointer(evicted).deallocate() }
    }
}
