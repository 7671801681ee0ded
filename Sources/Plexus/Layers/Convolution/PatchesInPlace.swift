// A convolution's product read straight from the images, with no column matrix.
//
// Under a window row (fixed ky) the inputs of every kx and channel are one contiguous run of
// kw * channels floats, and the runs of neighbouring output columns start strideX * channels
// apart. So for one output row and one window row the patches are an ordinary strided matrix
// (rows overlapping in memory), which the micro-kernel reads in place: the product is a sum
// over the window rows of such matrices times the kernel's rows for that ky. im2col wrote and
// read back 17.8 MB a step for the second convolution of a small image network.

extension WindowGeometry {
    /// Whether ``productReadingPatchesInPlace(_:images:kernel:units:into:)`` applies: every
    /// window lies inside the image (no padding), and a window row is long enough (32 floats)
    /// that summing the product in one slice per window row costs little.
    var readsPatchesInPlace: Bool {
        padTop == 0 && padLeft == 0 && windowWidth * channels >= 32
            && (outputHeight - 1) * strideY + windowHeight <= inputHeight
            && (outputWidth - 1) * strideX + windowWidth <= inputWidth
    }

    /// z = im2col(x) · w for images `images` of `x` (the batch's first image), into `z` (the
    /// first of those images' rows), on the native micro-kernel. `w` is [patch, units] and its
    /// storage readable a tile width past its end (a tensor's is). Each window row's slice of
    /// the depth is summed apart and added into z in order, as a blocked product adds slices.
    func productReadingPatchesInPlace(
        _ x: UnsafePointer<Float>, images: Range<Int>, kernel w: UnsafePointer<Float>, units: Int,
        into z: UnsafeMutablePointer<Float>, microKernel: GemmMicroKernel = CPUKernels.gemm
    ) {
        let run = windowWidth * channels, rowStride = inputWidth * channels, step = strideX * channels
        let mr = microKernel.mr, nr = microKernel.nr
        for (index, image) in images.enumerated() {
            let source = x + image * imageSize, target = z + index * positionsPerImage * units
            // Window row by window row, so that its slice of the kernel stays in L1 over the image.
            for ky in 0..<windowHeight {
                let slice = w + ky * run * units
                for oy in 0..<outputHeight {
                    let patches = source + (oy * strideY + ky) * rowStride, rows = target + oy * outputWidth * units
                    for ox in stride(from: 0, to: outputWidth, by: mr) {
                        for column in stride(from: 0, to: units, by: nr) {
                            microKernel.call(
                                run, patches + ox * step, step, 1, slice + column, units, rows + ox * units + column, units,
                                Swift.min(mr, outputWidth - ox), Swift.min(nr, units - column), ky > 0 ? 1 : 0)
                        }
                    }
                }
            }
        }
    }
}
