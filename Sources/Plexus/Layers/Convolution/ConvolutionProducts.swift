// The three matrix products of a convolution, over the batch in chunks of a few images.
//
// Lowered whole, a convolution's column matrix is large (17.8 MB for 128 images of 13x13x32
// under a 3x3 window): im2col writes it out to memory and the product reads it back, and the
// backward pass writes and reads another for the input gradient. In chunks that fit the core's
// cache, each chunk's columns are made, used and dropped while still in cache; each core takes
// its own run of chunks with a one-thread product, so the cores never wait for each other. The
// weight gradient makes the columns again rather than keeping them from the forward pass.

extension WindowGeometry {
    /// Column-matrix floats one chunk may use: about half of a core's L2 cache.
    static let chunkColumnBudget = 1 << 17

    /// Images per chunk: as many as fit ``chunkColumnBudget``, at least one.
    var imagesPerChunk: Int {
        Swift.max(1, Swift.min(batch, WindowGeometry.chunkColumnBudget / Swift.max(1, positionsPerImage * patchSize)))
    }

    /// The number of parts ``forEachChunk(_:)`` splits the batch into: one per core, or one
    /// for a small batch.
    var chunkParts: Int {
        let chunks = (batch + imagesPerChunk - 1) / imagesPerChunk
        let work = batch * positionsPerImage * patchSize
        return work > WindowGeometry.parallelThreshold ? Swift.min(chunks, MatmulBackend.defaultThreadCount) : 1
    }

    /// Calls `body(part, images, isFirst)` for every chunk of the batch: the parts run at once
    /// on the cores, each through its own consecutive chunks in order (`isFirst` for its first).
    func forEachChunk(_ body: (_ part: Int, _ images: Range<Int>, _ isFirst: Bool) -> Void) {
        let size = imagesPerChunk, chunks = (batch + size - 1) / size, parts = chunkParts
        parallelFor(parts) { part in
            let ownChunks = (part * chunks / parts)..<((part + 1) * chunks / parts)
            for chunk in ownChunks {
                body(part, (chunk * size)..<Swift.min(batch, (chunk + 1) * size), chunk == ownChunks.lowerBound)
            }
        }
    }

    /// z = im2col(x) · w: `x` the NHWC batch, `w` the kernel as [patch, units], `z` [batch *
    /// positions, units].
    func convolutionProduct(
        _ x: UnsafePointer<Float>, kernel w: UnsafePointer<Float>, units: Int, into z: UnsafeMutablePointer<Float>
    ) {
        let positions = positionsPerImage, patch = patchSize
        forEachChunk { _, images, _ in
            ScratchBufferPool.shared.withBuffer(count: images.count * positions * patch) { columns in
                im2col(x, images: images, into: columns, parallel: false)
                MatmulBackend.default.gemm(
                    m: images.count * positions, n: units, k: patch, a: columns, lda: patch, transposeA: false,
                    b: w, ldb: units, transposeB: false, c: z + images.lowerBound * positions * units, ldc: units,
                    accumulate: false, threads: 1, bIsPadded: true)
            }
        }
    }

    /// The kernel gradient im2col(x)ᵀ · dz, as [patch, units]: each part sums its chunks'
    /// products into its own matrix, and the parts are added.
    func kernelGradient(_ x: Tensor, _ dz: Tensor, units: Int) -> Tensor {
        let positions = positionsPerImage, patch = patchSize, parts = chunkParts
        var partials = Tensor(uninitializedShape: [parts, patch, units])
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            x.withUnsafeBufferPointer { xBuffer in
                dz.withUnsafeBufferPointer { dzBuffer in
                    forEachChunk { part, images, isFirst in
                        ScratchBufferPool.shared.withBuffer(count: images.count * positions * patch) { columns in
                            im2col(xBuffer.baseAddress!, images: images, into: columns, parallel: false)
                            // A padded tensor: reads past this chunk's rows of dz stay inside the buffer.
                            MatmulBackend.default.gemm(
                                m: patch, n: units, k: images.count * positions, a: columns, lda: patch,
                                transposeA: true, b: dzBuffer.baseAddress! + images.lowerBound * positions * units,
                                ldb: units, transposeB: false, c: partialBuffer.baseAddress! + part * patch * units,
                                ldc: units, accumulate: !isFirst, threads: 1, bIsPadded: true)
                        }
                    }
                }
            }
        }
        return parts == 1 ? partials.reshaped([patch, units]) : partials.sum(alongAxis: 0)
    }

    /// The input gradient col2im(dz · wᵀ), as the NHWC batch shape `inputShape`; `transposedKernel`
    /// is the kernel as [units, patch].
    func inputGradient(_ dz: Tensor, transposedKernel wt: Tensor, inputShape: [Int]) -> Tensor {
        let positions = positionsPerImage, patch = patchSize, units = wt.shape[0]
        var dx = Tensor(uninitializedShape: inputShape)
        dx.withUnsafeMutableBufferPointer { dxBuffer in
            dz.withUnsafeBufferPointer { dzBuffer in
                wt.withUnsafeBufferPointer { wtBuffer in
                    forEachChunk { _, images, _ in
                        ScratchBufferPool.shared.withBuffer(count: images.count * positions * patch) { columns in
                            MatmulBackend.default.gemm(
                                m: images.count * positions, n: patch, k: units,
                                a: dzBuffer.baseAddress! + images.lowerBound * positions * units, lda: units,
                                transposeA: false, b: wtBuffer.baseAddress!, ldb: patch, transposeB: false,
                                c: columns, ldc: patch, accumulate: false, threads: 1, bIsPadded: true)
                            col2im(columns, images: images, into: dxBuffer.baseAddress!, parallel: false)
                        }
                    }
                }
            }
        }
        return dx
    }
}
