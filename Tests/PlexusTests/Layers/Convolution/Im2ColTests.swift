import Testing

@testable import Plexus

/// The im2col shortcut for short runs (a first layer's one channel under a narrow window)
/// against the general walk, run by run.
@Suite struct Im2ColTests {
    /// Every geometry the shortcut takes among small ones, and a few it must not take.
    private static let windows: [(shape: [Int], height: Int, width: Int, strideY: Int, strideX: Int, padding: Padding)] = [
        ([28, 28, 1], 3, 3, 1, 1, .valid),  // the course's first convolution
        ([9, 7, 1], 3, 3, 2, 1, .valid),
        ([6, 5, 1], 2, 4, 1, 1, .valid),
        ([5, 5, 2], 3, 2, 1, 1, .valid),
        ([4, 4, 4], 2, 1, 1, 1, .valid),
        ([5, 5, 1], 2, 2, 1, 1, .valid),  // patches of four, the fewest it takes
        ([7, 3, 1], 1, 1, 3, 1, .valid),  // patches of one: the general walk
        ([4, 6, 1], 1, 3, 1, 1, .valid),  // patches of three: the general walk
        ([5, 3, 1], 5, 3, 1, 1, .valid),  // one output column: only the float-by-float patch
        ([6, 6, 1], 3, 3, 1, 1, .same),  // padding: the general walk
        ([6, 6, 1], 3, 3, 1, 2, .valid),  // stride along x: the general walk
        ([6, 6, 3], 3, 3, 1, 1, .valid),  // runs of nine: the general walk
    ]

    @Test func shortRunsGiveTheColumnsOfTheGeneralWalk() {
        var generator = RandomGenerator(seed: 11)
        var taken = 0
        for window in Self.windows {
            let sliding = SlidingWindow(
                height: window.height, width: window.width, strideY: window.strideY, strideX: window.strideX,
                padding: window.padding, role: "kernel")
            let geometry = sliding.geometry(forImageShape: window.shape, batch: 3, layer: "test")
            let expectsShortcut =
                window.padding == .valid && window.strideX == 1 && window.width * window.shape[2] <= 4
                && window.height * window.width * window.shape[2] >= 4
            #expect(geometry.hasShortRunsInside == expectsShortcut, "\(window)")
            guard geometry.hasShortRunsInside else { continue }
            taken += 1
            let input = Tensor.normal([3] + window.shape, using: &generator)
            let count = 3 * geometry.positionsPerImage * geometry.patchSize
            // One float of guard past the end: the shortcut must not write it.
            var general = [Float](repeating: -7, count: count + 1), short = general
            input.withUnsafeBufferPointer { x in
                general.withUnsafeMutableBufferPointer { geometry.im2colByRuns(x.baseAddress!, images: 0..<3, into: $0.baseAddress!) }
                short.withUnsafeMutableBufferPointer { geometry.im2colShortRuns(x.baseAddress!, images: 0..<3, into: $0.baseAddress!) }
            }
            #expect(short.map(\.bitPattern) == general.map(\.bitPattern), "\(window)")
            #expect(short[count] == -7, "\(window): written past the columns")
            // A part of the batch starting past its first image, as each core's chunk does.
            var part = [Float](repeating: -7, count: count / 3 + 1)
            input.withUnsafeBufferPointer { x in
                part.withUnsafeMutableBufferPointer { geometry.im2colShortRuns(x.baseAddress!, images: 2..<3, into: $0.baseAddress!) }
            }
            #expect(Array(part.prefix(count / 3)) == Array(general[(2 * count / 3)..<count]), "\(window)")
        }
        #expect(taken == 7)
    }
}
