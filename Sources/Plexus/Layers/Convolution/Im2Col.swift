// im2col and col2im: how a convolution becomes one matrix product.
//
// Row r = (image, oy, ox) of the column matrix holds the input patch under the window at output
// position (oy, ox), in [ky, kx, channel] order: the order of a Keras kernel [kh, kw, in, out]
// flattened to [kh*kw*in, out]. So `columns · kernel` is the output, already NHWC.
//
// Along a window row (fixed ky) the input elements under kx = 0..<kw are adjacent in memory
// (dilation 1), so each (output position, ky) is one contiguous run of up to kw*channels floats,
// with zeros where the window hangs over the padding.

extension WindowGeometry {
    /// Above this many elements of work, a pass is split over the cores by image.
    static let parallelThreshold = 1 << 16

    /// The valid window offsets along x for an output column: kx in `lower..<upper` lands inside.
    @inline(__always)
    func validColumns(x0: Int) -> (lower: Int, upper: Int) {
        (Swift.max(0, -x0), Swift.min(windowWidth, inputWidth - x0))
    }

    /// Splits images `0..<count` into parts for the cores when the work is large, and runs
    /// `body` on each part's range.
    func forEachImagePart(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        let parts =
            work > WindowGeometry.parallelThreshold
            ? Swift.min(count, MatmulBackend.defaultThreadCount) : 1
        guard parts > 1 else {
            body(0..<count)
            return
        }
        parallelFor(parts) { part in
            body(partRange(part, of: parts, covering: count))
        }
    }

    /// Writes the column matrix of images `images` of `input` (NHWC) into `columns`, whose first
    /// row is the first window position of `images.lowerBound`.
    /// With `parallel`, a large pass is split over the cores.
    func im2col(
        _ input: UnsafePointer<Float>, images: Range<Int>, into columns: UnsafeMutablePointer<Float>, parallel: Bool = true
    ) {
        let work = parallel ? images.count * positionsPerImage * patchSize : 0
        forEachImagePart(images.count, work: work) { part in
            let first = images.lowerBound + part.lowerBound
            let destination = columns + part.lowerBound * positionsPerImage * patchSize
            forEachRun(images: first..<(first + part.count)) { column, source, count in
                if let source {
                    copyRun(from: input + source, to: destination + column, count: count)
                } else {
                    (destination + column).update(repeating: 0, count: count)
                }
            }
        }
    }

    /// Writes into `input` (images `images`) the sum of the column-matrix gradient `columns`
    /// (rows of those images, first row first) over the positions each patch element came from.
    /// With `parallel`, a large pass is split over the cores.
    func col2im(
        _ columns: UnsafePointer<Float>, images: Range<Int>, into input: UnsafeMutablePointer<Float>, parallel: Bool = true
    ) {
        let work = parallel ? images.count * positionsPerImage * patchSize : 0
        forEachImagePart(images.count, work: work) { part in
            for index in part {
                let image = images.lowerBound + index
                // Zeroed image by image, just before its sums: cheaper than a whole zero tensor first.
                (input + image * imageSize).update(repeating: 0, count: imageSize)
                let origin = columns + index * positionsPerImage * patchSize
                forEachRun(images: image..<(image + 1)) { column, target, count in
                    if let target { addRun(from: origin + column, to: input + target, count: count) }
                }
            }
        }
    }

    /// The walk im2col and col2im share: calls `body(column, input, count)` for every run of
    /// `count` floats of the column matrix, `column` counted from the first row of
    /// `images.lowerBound` and `input` from the start of the input batch, nil where the window
    /// covers padding. Together the runs cover the column matrix exactly once.
    ///
    /// Windows that lie wholly inside the image along x (all of them without padding) take the
    /// short path: one run each, no edge arithmetic.
    @inline(__always)
    func forEachRun(images: Range<Int>, _ body: (_ column: Int, _ input: Int?, _ count: Int) -> Void) {
        let rowStride = inputWidth * channels, run = windowWidth * channels
        // Output columns whose window lies inside the image along x: x0 >= 0 and x0 + kw <= width.
        let insideStart = Swift.min(outputWidth, (padLeft + strideX - 1) / strideX)
        let lastStart = inputWidth - windowWidth + padLeft
        let insideEnd =
            lastStart < 0
            ? insideStart : Swift.max(insideStart, Swift.min(outputWidth, lastStart / strideX + 1))
        for (index, image) in images.enumerated() {
            let imageBase = image * imageSize
            for oy in 0..<outputHeight {
                let y0 = oy * strideY - padTop
                let rowColumn = (index * outputHeight + oy) * outputWidth * patchSize
                for ky in 0..<windowHeight {
                    let y = y0 + ky
                    let first = rowColumn + ky * run
                    guard y >= 0 && y < inputHeight else {
                        for ox in 0..<outputWidth { body(first + ox * patchSize, nil, run) }
                        continue
                    }
                    let rowBase = imageBase + y * rowStride
                    // Wrapping arithmetic: these offsets are inside buffers that exist, and the
                    // overflow checks were a third of the loop.
                    var column = first &+ insideStart &* patchSize
                    var source = rowBase &+ (insideStart &* strideX &- padLeft) &* channels
                    let sourceStep = strideX &* channels
                    for _ in insideStart..<insideEnd {
                        body(column, source, run)
                        column &+= patchSize
                        source &+= sourceStep
                    }
                    // The windows hanging over the padding at either end of the row.
                    for ox in 0..<insideStart { edgeRuns(ox: ox, first: first, rowBase: rowBase, body) }
                    for ox in insideEnd..<outputWidth { edgeRuns(ox: ox, first: first, rowBase: rowBase, body) }
                }
            }
        }
    }
}

extension WindowGeometry {
    /// The runs of one window row whose window hangs over the padding along x: zeros for the
    /// part outside, the input for the part inside.
    @inline(__always)
    private func edgeRuns(ox: Int, first: Int, rowBase: Int, _ body: (_ column: Int, _ input: Int?, _ count: Int) -> Void) {
        let column = first + ox * patchSize, x0 = ox * strideX - padLeft
        let (lower, upper) = validColumns(x0: x0)
        guard upper > lower else {
            body(column, nil, windowWidth * channels)
            return
        }
        if lower > 0 { body(column, nil, lower * channels) }
        body(column + lower * channels, rowBase + (x0 + lower) * channels, (upper - lower) * channels)
        if upper < windowWidth { body(column + upper * channels, nil, (windowWidth - upper) * channels) }
    }
}

/// Copies `count` floats; short runs (one channel, a 3-wide window) by hand, long ones by memmove.
@inline(__always)
func copyRun(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    if count <= 16 {
        for i in 0..<count { destination[i] = source[i] }
    } else {
        destination.update(from: source, count: count)
    }
}

/// destination[i] += source[i] for `count` floats.
@inline(__always)
func addRun(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    for i in 0..<count { destination[i] += source[i] }
}
