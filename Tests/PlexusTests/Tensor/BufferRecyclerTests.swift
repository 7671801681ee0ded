import Testing
@testable import Plexus

@Suite struct BufferRecyclerTests {
    @Test func largeBuffersAreReusedAndSmallOnesAreNot() {
        let recycler = BufferRecycler.shared
        let large = BufferRecycler.minimumBytes + 4096
        let first = recycler.allocate(bytes: large)
        recycler.release(first, bytes: large)
        let second = recycler.allocate(bytes: large)
        #expect(second.start == first.start, "a freed large buffer of the same size comes back")
        recycler.release(second, bytes: large)
        // A different size does not take it.
        let other = recycler.allocate(bytes: large + 64)
        #expect(other.start != first.start)
        recycler.release(other, bytes: large + 64)
    }

    @Test func everyBufferStartsOnA64ByteBoundaryInsideItsBlock() {
        // Small buffers are plain allocations aligned by hand: the start must still be aligned,
        // and the bytes asked for must lie inside what was allocated (checked by writing them
        // all, which the address sanitizer would catch past the end).
        let recycler = BufferRecycler.shared
        for bytes in [4, 60, 64, 100, 168, 4096 + 4, BufferRecycler.minimumBytes - 4, BufferRecycler.minimumBytes] {
            let buffer = recycler.allocate(bytes: bytes)
            #expect(Int(bitPattern: buffer.start) % 64 == 0, "\(bytes) bytes start at \(buffer.start)")
            #expect(buffer.start >= buffer.block && buffer.start - buffer.block < 64)
            buffer.start.initializeMemory(as: UInt8.self, repeating: 0xA5, count: bytes)
            recycler.release(buffer, bytes: bytes)
        }
        for count in [1, 10, 25, 784] {
            Tensor(shape: [count], repeating: 1).withUnsafeBufferPointer { values in
                #expect(Int(bitPattern: values.baseAddress!) % 64 == 0, "a tensor of \(count) values")
            }
        }
    }

    @Test func tensorsOnRecycledBuffersStartClean() {
        // A recycled buffer holds old values: a new tensor's contents and padding are its own.
        let count = BufferRecycler.minimumBytes / 4 + 100
        do { _ = Tensor(shape: [count], repeating: 7) }
        let zeros = Tensor.zeros([count])
        #expect(zeros.scalars.allSatisfy { $0 == 0 })
        zeros.withUnsafeBufferPointer { buffer in
            let padding = UnsafeBufferPointer(start: buffer.baseAddress! + count, count: TensorStorage.padding)
            #expect(padding.allSatisfy { $0 == 0 })
        }
    }
}
