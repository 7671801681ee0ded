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
    static let parallelThreshold = 1 << 20

    /// The valid window offsets along x for an output column: kx in `lower..<upper` lands inside.
    @inline(__always)
    func validColumns(x0: Int) -> (lower: Int, upper: Int) {
        (Swift.max(0, -x0), Swift.min(windowWidth, inputWidth - x0))
    }

    /// Splits images `0..<count` into parts for the cores when the work is large, and runs
    /// `body` on each part's range.
    func forEachImagePart(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        let parts = work > WindowGeometry.parallelThreshold
            ? Swift.min(count, MatmulBackend.defaultThreadCount) : 1
        guard parts > 1 else {
            body(0..<count)
            return
        }
        parallelFor(parts) { part in
            body((part * count / parts)..<((part + 1) * count / parts))
        }
    }

    /// Writes the column matrix of images `images` of `input` (NHWC) into `columns`, whose first
    /// row is the first window position of `images.lowerBound`.
    func im2col(_ input: UnsafePointer<Float>, images: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let work = images.count * positionsPerImage * patchSize
        forEachImagePart(images.count, work: work) { part in
            let first = images.lowerBound + part.lowerBound
            im2colSerial(
                input, images: first..<(first + part.count),
                into: columns + part.lowerBound * positionsPerImage * patchSize)
        }
    }

    private func im2colSerial(_ input: UnsafePointer<Float>, images: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let rowStride = inputWidth * channels
        let run = windowWidth * channels
        var destination = columns
        for image in images {
            let source = input + image * imageSize
            for oy in 0..<outputHeight {
                let y0 = oy * strideY - padTop
                for ox in 0..<outputWidth {
                    let x0 = ox * strideX - padLeft
                    let (lower, upper) = validColumns(x0: x0)
                    for ky in 0..<windowHeight {
                        let y = y0 + ky
                        if y < 0 || y >= inputHeight || upper <= lower {
                            destination.update(repeating: 0, count: run)
                        } else {
                            if lower > 0 { destination.update(repeating: 0, count: lower * channels) }
                            copyRun(
                                from: source + y * rowStride + (x0 + lower) * channels,
                                to: destination + lower * channels, count: (upper - lower) * channels)
                            if upper < windowWidth {
                                (destination + upper * channels).update(repeating: 0, count: (windowWidth - upper) * channels)
                            }
                        }
                        destination += run
                    }
                }
            }
        }
    }

    /// Adds the column-matrix gradient `columns` (rows of images `images`, first row first) back
    /// onto the input positions each patch element came from; `input` must start zeroed (or
    /// hold what to add to).
    func col2im(_ columns: UnsafePointer<Float>, images: Range<Int>, into input: UnsafeMutablePointer<Float>) {
        let work = images.count * positionsPerImage * patchSize
        forEachImagePart(images.count, work: work) { part in
            let first = images.lowerBound + part.lowerBound
            col2imSerial(
                columns + part.lowerBound * positionsPerImage * patchSize,
                images: first..<(first + part.count), into: input)
        }
    }

    private func col2imSerial(_ columns: UnsafePointer<Float>, images: Range<Int>, into input: UnsafeMutablePointer<Float>) {
        let rowStride = inputWidth * channels
        let run = windowWidth * channels
        var source = columns
        for image in images {
            let destination = input + image * imageSize
            for oy in 0..<outputHeight {
                let y0 = oy * strideY - padTop
                for ox in 0..<outputWidth {
                    let x0 = ox * strideX - padLeft
                    let (lower, upper) = validColumns(x0: x0)
                    for ky in 0..<windowHeight {
                        let y = y0 + ky
                        if y >= 0 && y < inputHeight && upper > lower {
                            addRun(
                                from: source + lower * channels,
                                to: destination + y * rowStride + (x0 + lower) * channels,
                                count: (upper - lower) * channels)
                        }
                        source += run
                    }
                }
            }
        }
    }
}

/// Copies `count` floats; short runs (one channel, a 3-wide window) by hand, long ones by memmove.
@inline(__always)
func copyRun(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    if count <= 8 {
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
