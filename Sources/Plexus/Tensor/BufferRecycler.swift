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

    /// A buffer from ``allocate(bytes:)``: `start` is 64-byte aligned and what to use; `block`
    /// is what the allocator gave, and what goes back.
    struct Buffer {
        let block: UnsafeMutableRawPointer
        let start: UnsafeMutableRawPointer
    }

    /// A 64-byte aligned buffer of `bytes` bytes, contents undefined: a kept one when there is one
    /// of exactly that size.
    func allocate(bytes: Int) -> Buffer {
        if bytes >= BufferRecycler.minimumBytes {
            let reused = state.withLock { state -> UnsafeMutableRawPointer? in
                guard let index = state.kept.lastIndex(where: { $0.bytes == bytes }) else { return nil }
                state.keptBytes -= bytes
                return state.kept.remove(at: index).pointer
            }
            let pointer = reused ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            return Buffer(block: pointer, start: pointer)
        }
        // A small buffer is a plain allocation with room to align its start: the allocator's
        // own aligned path (posix_memalign) cost several times a plain one, and split its free
        // blocks so that later frees had to merge them again (together a twentieth of a single
        // sample's predict).
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytes + 64, alignment: 16)
        return Buffer(block: block, start: block.alignedUp(toMultipleOf: 64))
    }

    /// Takes back a buffer from ``allocate(bytes:)``: kept when large, freed otherwise, and the
    /// oldest kept ones freed when over ``maximumKeptBytes``.
    func release(_ buffer: Buffer, bytes: Int) {
        guard bytes >= BufferRecycler.minimumBytes, bytes <= BufferRecycler.maximumKeptBytes else {
            buffer.block.deallocate()
            return
        }
        let pointer = buffer.block
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
