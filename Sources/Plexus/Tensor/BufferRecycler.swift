/// Large tensor buffers kept after their tensor is gone, for the next tensor of the same size.
///
/// A training step makes the same large tensors every step (a convolution's output is
/// megabytes). Freshly allocated, each one comes back from the system as new pages that the
/// kernel must fault in and clear, which cost about a tenth of a convolutional network's step.
/// Keeping the buffers of the last steps avoids that. Only buffers of at least
/// ``minimumBytes`` are kept (the allocator handles small ones well), at most
/// ``maximumKeptBytes`` in all, the oldest freed first. Safe to use from any thread.
final class BufferRecycler: Sendable {
    static let shared = BufferRecycler()

    /// Smaller buffers go straight back to the allocator.
    static let minimumBytes = 1 << 20
    /// The most memory kept for reuse.
    static let maximumKeptBytes = 256 << 20

    /// The buffers kept, oldest first, and their total size.
    private let state = Locked<(kept: [(bytes: Int, pointer: UnsafeMutableRawPointer)], keptBytes: Int)>(([], 0))

    private init() {}

    /// A 64-byte aligned buffer of `bytes` bytes, contents undefined: a kept one when there is one
    /// of exactly that size.
    func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        if bytes >= BufferRecycler.minimumBytes {
            let reused = state.withLock { state -> UnsafeMutableRawPointer? in
                guard let index = state.kept.lastIndex(where: { $0.bytes == bytes }) else { return nil }
                state.keptBytes -= bytes
                return state.kept.remove(at: index).pointer
            }
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
        let evicted = state.withLock { state in
            var evicted: [UnsafeMutableRawPointer] = []
            state.kept.append((bytes, pointer))
            state.keptBytes += bytes
            while state.keptBytes > BufferRecycler.maximumKeptBytes {
                let oldest = state.kept.removeFirst()
                state.keptBytes -= oldest.bytes
                evicted.append(oldest.pointer)
            }
            return evicted
        }
        for pointer in evicted { pointer.deallocate() }
    }
}
