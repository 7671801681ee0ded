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

extension WindowGeometry {
    /// Whether ``kernelGradientReadingPatchesInPlace(_:images:gradient:units:into:accumulate:kernel:)``
    /// gives the bits of the product over the column matrix for `rows` rows: when that product
    /// packs A (the transposed columns), with the same slices of depth.
    func kernelGradientReadsInPlace(rows: Int, units: Int, kernel: GemmMicroKernel = CPUKernels.gemm) -> Bool {
        readsPatchesInPlace && NativeGemm.packsA(m: patchSize, n: units, k: rows, transposed: true, kernel: kernel)
    }

    /// The kernel gradient im2col(x)ᵀ · dz of images `images` into `dw` ([patch, units]; added
    /// to it with `accumulate`), packing the panels of the transposed columns straight from the
    /// images instead of from a column matrix. The panels, slices of depth and sums are the
    /// blocked product's, so the bits are too (see ``kernelGradientReadsInPlace(rows:units:kernel:)``).
    /// `dz` holds the images' rows of the output gradient, [rows, units].
    func kernelGradientReadingPatchesInPlace(
        _ x: UnsafePointer<Float>, images: Range<Int>, gradient dz: UnsafePointer<Float>, units: Int,
        into dw: UnsafeMutablePointer<Float>, accumulate: Bool, kernel: GemmMicroKernel = CPUKernels.gemm
    ) {
        let mr = kernel.mr, nr = kernel.nr, rows = images.count * positionsPerImage, patch = patchSize
        let run = windowWidth * channels, rowStride = inputWidth * channels
        let kc = NativeGemm.balancedBlock(rows, limit: NativeGemm.kc, multiple: 1), origin = x + images.lowerBound * imageSize
        let panelsB = kc * NativeGemm.roundUp(units, to: nr)
        ScratchBufferPool.shared.withBuffer(count: panelsB + kc * mr) { scratch in
            // Where each row's patch starts (from the first image), for the slice being packed.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: kc) { starts in
                let packedB = scratch, packedA = scratch + panelsB
                for pc in stride(from: 0, to: rows, by: kc) {
                    let depth = Swift.min(kc, rows - pc)
                    NativeGemm.packPanels(
                        of: MatrixView(dz + pc * units, rows: depth, columns: units, ld: units, transposed: false), into: packedB,
                        panelWidth: nr, onlyPartial: false, kernel: kernel)
                    for i in 0..<depth {
                        let row = pc + i, position = row % positionsPerImage
                        let oy = position / outputWidth, ox = position % outputWidth
                        starts[i] = row / positionsPerImage * imageSize + (oy * strideY * inputWidth + ox * strideX) * channels
                    }
                    for p0 in stride(from: 0, to: patch, by: mr) {
                        let height = Swift.min(mr, patch - p0), inRun = p0 % run
                        // A panel's depth step: `mr` patch elements of one row, within one window row
                        // (one contiguous piece) or across a window row's end (element by element).
                        let piece = (p0 / run) * rowStride + inRun
                        for i in 0..<depth {
                            let source = origin + starts[i]
                            if inRun + height <= run {
                                NativeGemm.copyPanelPiece(from: source + piece, to: packedA + i * mr, count: height, width: mr)
                            } else {
                                for l in 0..<mr {
                                    let p = p0 + l
                                    packedA[i * mr + l] = l < height ? source[(p / run) * rowStride + p % run] : 0
                                }
                            }
                        }
                        for jr in stride(from: 0, to: units, by: nr) {
                            kernel.call(
                                depth, packedA, 1, mr, packedB + (jr / nr) * depth * nr, nr, dw + p0 * units + jr, units, height,
                                Swift.min(nr, units - jr), accumulate || pc > 0 ? 1 : 0)
                        }
                    }
                }
            }
        }
    }
}
