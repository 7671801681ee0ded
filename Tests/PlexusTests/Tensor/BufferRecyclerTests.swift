import Testing
@testable import Plexus

@Suite struct BufferRecyclerTests {
    @Test func largeBuffersAreReusedAndSmallOnesAreNot() {
        let recycler = BufferRecycler.shared
        let large = BufferRecycler.minimumBytes + 4096
        let first = recycler.allocate(bytes: large)
        recycler.release(first, bytes: large)
        let second = recycler.allocate(bytes: large)
        #expect(second == first, "a freed large buffer of the same size comes back")
        recycler.release(second, bytes: large)
        // A different size does not take it.
        let other = recycler.allocate(bytes: large + 64)
        #expect(other != first)
        recycler.release(other, bytes: large + 64)
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
