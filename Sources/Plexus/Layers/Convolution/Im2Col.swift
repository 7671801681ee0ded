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
            if hasShortRunsInside {
                im2colShortRuns(input, images: first..<(first + part.count), into: destination)
            } else {
                im2colByRuns(input, images: first..<(first + part.count), into: destination)
            }
        }
    }

    /// ``im2col(_:images:into:parallel:)`` on one thread, run by run: the general walk.
    func im2colByRuns(_ input: UnsafePointer<Float>, images: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        forEachRun(images: images) { column, source, count in
            if let source {
                copyRun(from: input + source, to: columns + column, count: count)
            } else {
                (columns + column).update(repeating: 0, count: count)
            }
        }
    }

    /// Whether every window row is one run of at most four floats that lies inside the input
    /// (no padding, stride 1 along x), in patches of at least four: a first layer's geometry
    /// (one channel under a 3x3 window).
    var hasShortRunsInside: Bool {
        windowWidth * channels <= 4 && patchSize >= 4 && strideX == 1 && padLeft == 0 && padTop == 0
            && outputWidth - 1 + windowWidth <= inputWidth && (outputHeight - 1) * strideY + windowHeight <= inputHeight
    }

    /// ``im2colByRuns(_:images:into:)`` for ``hasShortRunsInside``: each run is copied as one
    /// four-float vector. The lanes past a run land on the start of the next run in memory, which
    /// is written after it (runs go in address order: window rows within a patch, patches along
    /// the output row), so only the last patch of each output row is copied float by float;
    /// with patches of four or more, the lanes before it never reach past the columns' end.
    /// The loads read up to three floats past a run, inside the input tensor's padding.
    /// Copied three floats at a time, a first layer's im2col was a twentieth of a CNN's step.
    func im2colShortRuns(_ input: UnsafePointer<Float>, images: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let run = windowWidth * channels, patch = patchSize, rowStride = inputWidth * channels
        var target = columns
        for image in images {
            let source = input + image * imageSize
            for oy in 0..<outputHeight {
                let rowStart = source + oy * strideY * rowStride
                for ox in 0..<outputWidth - 1 {
                    var from = rowStart + ox * channels
                    for ky in 0..<windowHeight {
                        UnsafeMutableRawPointer(target + ky * run).storeBytes(
                            of: UnsafeRawPointer(from).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
                        from += rowStride
                    }
                    target += patch
                }
                var from = rowStart + (outputWidth - 1) * channels
                for ky in 0..<windowHeight {
                    for i in 0..<run { target[ky * run + i] = from[i] }
                    from += rowStride
                }
                target += patch
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
