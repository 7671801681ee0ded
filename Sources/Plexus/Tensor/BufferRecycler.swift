#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large tensor buffers kept after their tensor is gone, for the next tensor of the same size.
///
/// A training step makes the same large tensors every step (a convolution's output is
/// megabytes). Freshly allocated, each one comes back from the system as new pages that the
/// kernel must fault in and clear, which cost about a tenth of a convolutional network's step.
/// Keeping the buffers of the last steps avoids that. Only buffers of at least
/// ``minimumBytes`` are kept (the allocator handles small ones well), at most
/// ``maximumKeptBytes`` in all, the oldest freed first. Safe to use from any thread.
final class BufferRecycler: @unchecked Sendable {
    // @unchecked: `kept` and `keptBytes` are only touched while `mutex` is held.
    static let shared = BufferRecycler()

    /// Smaller buffers go straight back to the allocator.
    static let minimumBytes = 1 << 20
    /// The most memory kept for reuse.
    static let maximumKeptBytes = 256 << 20

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Oldest first.
    private var kept: [(bytes: Int, pointer: UnsafeMutableRawPointer)] = []
    private var keptBytes = 0

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    /// A 64-byte aligned buffer of `bytes` bytes, contents undefined: a kept one when there is one
    /// of exactly that size.
    func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= BufferRecycler.minimumBytes {
            pthread_mutex_lock(mutex)
            let index = kept.lastIndex { $0.bytes == bytes }
            let reused = index.map { kept.remove(at: $0).pointer }
            if reused != nil { keptBytes -= bytes }
            pthread_mutex_unlock(mutex)
            if let reused { return reused }
        }
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    /// Takes back a buffer from ``allocate(bytes:)``: kept when large, freed otherwise, and the
    /// oldest kept ones freed when over ``maximumKeptBytes``.
    func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= BufferRecycler.minimumBytes, bytes <= BufferRecycler.maximumKeptBytes else {
            pointer.deallocate()
            return
        }
        var evicted: [UnsafeMutableRawPointer] = []
        pthread_mutex_lock(mutex)
        kept.append((bytes, pointer))
        keptBytes += bytes
        while keptBytes > BufferRecycler.maximumKeptBytes {
            let oldest = kept.removeFirst()
            keptBytes -= oldest.bytes
            evicted.append(oldest.pointer)
        }
        pthread_mutex_unlock(mutex)
        for pointer in evicted { pointer.deallocate() }
    }
}
