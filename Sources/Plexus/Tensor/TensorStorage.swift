/// The heap buffer behind a ``Tensor``: a fixed number of Float32 values, 64-byte aligned so
/// that the SIMD kernels never straddle a cache line at the start of a row.
///
/// Every buffer ends with ``padding`` zeros past its last element, so that a vector kernel may
/// load a full vector at the end of the last row (the extra lanes are discarded) instead of
/// copying that row into a padded scratch buffer first.
///
/// Large buffers are recycled (see ``BufferRecycler``).
///
/// A `TensorStorage` is shared between tensor values until one of them writes; the writer
/// first copies it (see `Tensor.ensureUniqueStorage()`). That is what makes `Tensor` a value type.
@usableFromInline
final class TensorStorage: @unchecked Sendable {
    // @unchecked: the buffer is only written through a Tensor that holds the sole reference
    // (copy-on-write), so no two threads ever write, or read while another writes, one buffer
    // unless the caller splits the work into disjoint ranges on purpose (the kernels do).

    @usableFromInline let base: UnsafeMutablePointer<Float>
    @usableFromInline let count: Int
    /// Where the allocation holding ``base`` begins, which is what is freed.
    private let block: UnsafeMutableRawPointer

    /// Readable zeros after the last element: one widest tile row (32 floats, AVX-512).
    static let padding = 32

    /// A buffer of `count` values whose contents are undefined until written.
    @usableFromInline init(uninitializedCount count: Int) {
        require(count >= 0, "a tensor cannot hold \(count) elements")
        let capacity = count + TensorStorage.padding
        let buffer = BufferRecycler.shared.allocate(bytes: capacity * MemoryLayout<Float>.stride)
        self.block = buffer.block
        self.base = buffer.start.bindMemory(to: Float.self, capacity: capacity)
        self.count = count
        (base + count).initialize(repeating: 0, count: TensorStorage.padding)
    }

    /// A buffer of `count` copies of `value`.
    @usableFromInline convenience init(repeating value: Float, count: Int) {
        self.init(uninitializedCount: count)
        base.initialize(repeating: value, count: count)
    }

    /// A copy of this buffer.
    @usableFromInline func copy() -> TensorStorage {
        let result = TensorStorage(uninitializedCount: count)
        result.base.initialize(from: base, count: count)
        return result
    }

    deinit {
        BufferRecycler.shared.release(
            BufferRecycler.Buffer(block: block, start: UnsafeMutableRawPointer(base)),
            bytes: (count + TensorStorage.padding) * MemoryLayout<Float>.stride)
    }
}
