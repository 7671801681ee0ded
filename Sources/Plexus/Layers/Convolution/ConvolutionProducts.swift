// The three matrix products of a convolution, over the batch in chunks of a few images.
//
// Lowered whole, a convolution's column matrix is large (17.8 MB for 128 images of 13x13x32
// under a 3x3 window): im2col writes it out to memory and the product reads it back, and the
// backward pass writes and reads another for the input gradient. In chunks that fit the core's
// cache, each chunk's columns are made, used and dropped while still in cache; the cores take
// chunks (or groups of chunks) as they come free, each with a one-thread product. The
// weight gradient makes the columns again rather than keeping them from the forward pass.

extension WindowGeometry {
    /// Floats one chunk may touch, its columns and its rows of the output: about half of a core's L2 cache.
    static let chunkColumnBudget = 1 << 17

    /// Images per chunk: as many as fit ``chunkColumnBudget`` with their columns and `units`
    /// output channels, at least one. Counting the output matters for a few input channels
    /// (28x28x1 under 3x3 into 32 filters), where the output rows are wider than the columns
    /// and are finished (bias, ReLU, gradient mask) while still in cache.
    func imagesPerChunk(units: Int) -> Int {
        let perImage = Swift.max(1, positionsPerImage * (patchSize + units))
        return Swift.max(1, Swift.min(batch, WindowGeometry.chunkColumnBudget / perImage))
    }

    /// The number of chunks of the batch.
    func chunkCount(units: Int) -> Int {
        let size = imagesPerChunk(units: units)
        return (batch + size - 1) / size
    }

    /// Whether a pass over the chunks is large enough to share over the cores.
    var sharesChunks: Bool {
        batch * positionsPerImage * patchSize > WindowGeometry.parallelThreshold && MatmulBackend.defaultThreadCount > 1
    }

    /// The most groups of chunks the backward pass sums apart.
    static let chunkGroupLimit = 8

    /// The groups of consecutive chunks that ``forEachChunk(units:_:)`` hands out: a fixed
    /// number, whatever the cores, so that sums made per group and then added in group order
    /// come out the same on any machine; and several per core, so that a core slowed by
    /// another process leaves the other little to wait for at the end.
    func chunkGroups(units: Int) -> Int { Swift.min(chunkCount(units: units), WindowGeometry.chunkGroupLimit) }

    /// Calls `body(group, images, isFirst)` for every chunk of the batch: each of the
    /// ``chunkGroups(units:)`` groups goes through its chunks in order (`isFirst` for its
    /// first), the groups shared out over the cores as they come free.
    func forEachChunk(units: Int, _ body: (_ group: Int, _ images: Range<Int>, _ isFirst: Bool) -> Void) {
        let chunks = chunkCount(units: units), groups = chunkGroups(units: units)
        forEachShare(groups) { group in
            let ownChunks = partRange(group, of: groups, covering: chunks)
            for chunk in ownChunks { body(group, chunkImages(chunk, units: units), chunk == ownChunks.lowerBound) }
        }
    }

    /// Calls `body(images)` for every chunk of the batch, the chunks shared out over the cores
    /// as they come free: for passes whose chunks are independent (the forward pass).
    func forEachChunkAsCoresFree(units: Int, _ body: (_ images: Range<Int>) -> Void) {
        forEachShare(chunkCount(units: units)) { chunk in body(chunkImages(chunk, units: units)) }
    }

    /// The images of chunk `chunk`.
    private func chunkImages(_ chunk: Int, units: Int) -> Range<Int> {
        let size = imagesPerChunk(units: units)
        return (chunk * size)..<Swift.min(batch, (chunk + 1) * size)
    }

    /// `body(index)` for `0..<count`: over the cores when ``sharesChunks``, else in order here.
    private func forEachShare(_ count: Int, _ body: (Int) -> Void) {
        if sharesChunks { parallelFor(count, body) } else { (0..<count).forEach(body) }
    }

    /// z = im2col(x) · w: `x` the NHWC batch, `w` the kernel as [patch, units], `z` [batch *
    /// positions, units]. With `finish`, each chunk's rows then get the bias added (and ReLU
    /// with `rectify`) while they are still in cache: on a first layer's 11 MB output a separate
    /// pass costs as much as the product.
    func convolutionProduct(
        _ x: UnsafePointer<Float>, kernel w: UnsafePointer<Float>, units: Int, into z: UnsafeMutablePointer<Float>,
        finish: (bias: UnsafePointer<Float>?, rectify: Bool)? = nil
    ) {
        let positions = positionsPerImage, inPlace = multipliesInPlace
        forEachChunkAsCoresFree(units: units) { images in
            ScratchBufferPool.shared.withBuffer(count: columnCount(images: images.count, inPlace: inPlace)) { columns in
                chunkProduct(
                    x, images: images, columns: columns, kernel: w, units: units,
                    into: z + images.lowerBound * positions * units, finish: finish, inPlace: inPlace)
            }
        }
    }

    /// Whether ``chunkProduct(_:images:columns:kernel:units:into:finish:inPlace:)`` can read the
    /// patches in place (see ``readsPatchesInPlace``): on the native kernels only. A pass reads
    /// it once, so that its chunks agree even if the configuration changes meanwhile.
    var multipliesInPlace: Bool { readsPatchesInPlace && MatmulBackend.default == .native }

    /// Room for the column matrix of `images` images: none when the product reads in place.
    func columnCount(images: Int, inPlace: Bool) -> Int { inPlace ? 0 : images * positionsPerImage * patchSize }

    /// One chunk's part of ``convolutionProduct(_:kernel:units:into:finish:)``: the rows of
    /// `images` into `z`, read in place (`inPlace`, from ``multipliesInPlace``) or through
    /// `columns` (room for their column matrix), finished when asked. Every convolution's
    /// forward pass makes this call, so that all give the same bits.
    func chunkProduct(
        _ x: UnsafePointer<Float>, images: Range<Int>, columns: UnsafeMutablePointer<Float>, kernel w: UnsafePointer<Float>,
        units: Int, into z: UnsafeMutablePointer<Float>, finish: (bias: UnsafePointer<Float>?, rectify: Bool)?, inPlace: Bool
    ) {
        let rows = images.count * positionsPerImage, patch = patchSize
        if inPlace {
            productReadingPatchesInPlace(x, images: images, kernel: w, units: units, into: z)
        } else {
            im2col(x, images: images, into: columns, parallel: false)
            MatmulBackend.default.gemm(
                m: rows, n: units, k: patch, a: columns, lda: patch, transposeA: false,
                b: w, ldb: units, transposeB: false, c: z, ldc: units,
                accumulate: false, threads: 1, bIsPadded: true)
        }
        if let finish { addBias(finish.bias, toRows: z, count: rows, units: units, rectify: finish.rectify) }
    }

    /// The whole backward pass of a convolution in one walk over the chunks, from `gradient`
    /// (the loss's gradient by the output, [batch * positions, units]): with `output`, ReLU's
    /// mask (output > 0) turns it into the gradient by the product, else it already is that.
    /// Each chunk's masked rows are made, summed for the bias, used for the kernel gradient
    /// (im2col(x)ᵀ · dz) and the input gradient (col2im(dz · wᵀ)), and dropped while in cache,
    /// where three separate passes would write and read the whole dz from memory.
    ///
    /// - Parameters:
    ///   - transposedKernel: the kernel as [units, patch]; nil when the input gradient is not wanted.
    /// - Returns: the gradients by the input (NHWC, `x`'s shape), the kernel ([patch, units]) and
    ///   the bias ([units]), each only when wanted.
    func convolutionGradients(
        _ gradient: Tensor, output: Tensor?, input x: Tensor, transposedKernel wt: Tensor?, units: Int,
        wantsKernel: Bool, wantsBias: Bool
    ) -> (input: Tensor?, kernel: Tensor?, bias: Tensor?) {
        let positions = positionsPerImage
        return withPointers(gradient, output) { g, y in
            convolutionGradients(
                input: x, transposedKernel: wt, units: units, wantsKernel: wantsKernel, wantsBias: wantsBias,
                makesRows: y != nil
            ) { images, scratch, sums in
                let rows = images.count * positions, first = images.lowerBound * positions * units
                guard let y else {
                    if let sums { addColumns(of: g + first, rows: rows, units: units, into: sums) }
                    return g + first
                }
                rectifiedGradientRows(g + first, output: y + first, into: scratch, count: rows, units: units, sums: sums)
                return UnsafePointer(scratch)
            }
        }
    }

    /// ``convolutionGradients(_:output:input:transposedKernel:units:wantsKernel:wantsBias:)``
    /// with each chunk's gradient by the product (dz) from `chunkGradient(images, scratch,
    /// sums)`: it returns the chunk's rows of dz, made in `scratch` when `makesRows` (room for
    /// the chunk's rows is there), and adds each of their columns into `sums` when given.
    func convolutionGradients(
        input x: Tensor, transposedKernel wt: Tensor?, units: Int, wantsKernel: Bool, wantsBias: Bool, makesRows: Bool,
        chunkGradient: (
            _ images: Range<Int>, _ scratch: UnsafeMutablePointer<Float>, _ sums: UnsafeMutablePointer<Float>?
        ) -> UnsafePointer<Float>
    ) -> (input: Tensor?, kernel: Tensor?, bias: Tensor?) {
        let positions = positionsPerImage, patch = patchSize, groups = chunkGroups(units: units)
        let chunkRows = imagesPerChunk(units: units) * positions, inPlace = multipliesInPlace
        var kernelPartials = Tensor(uninitializedShape: [wantsKernel ? groups : 0, patch, units])
        var biasPartials = Tensor.zeros([wantsBias ? groups : 0, units])
        var dx = Tensor(uninitializedShape: wt == nil ? [0] : x.shape)
        // dz of a chunk and its columns, in one scratch buffer per chunk; the rows of dz are
        // followed by a tile width of slack, so the products may read B past its edge.
        let dzCount = makesRows ? chunkRows * units + 64 : 0
        withPointers(x, wt) { xBase, wtBase in
            kernelPartials.withUnsafeMutableBufferPointer { kernelBuffer in
                biasPartials.withUnsafeMutableBufferPointer { biasBuffer in
                    dx.withUnsafeMutableBufferPointer { dxBuffer in
                        forEachChunk(units: units) { group, images, isFirst in
                            let rows = images.count * positions
                            ScratchBufferPool.shared.withBuffer(count: dzCount + rows * patch) { scratch in
                                let columns = scratch + dzCount
                                let sums = wantsBias ? biasBuffer.baseAddress! + group * units : nil
                                let dz = chunkGradient(images, scratch, sums)
                                if wantsKernel && inPlace && kernelGradientReadsInPlace(rows: rows, units: units) {
                                    kernelGradientReadingPatchesInPlace(
                                        xBase, images: images, gradient: dz, units: units,
                                        into: kernelBuffer.baseAddress! + group * patch * units, accumulate: !isFirst)
                                } else if wantsKernel {
                                    im2col(xBase, images: images, into: columns, parallel: false)
                                    MatmulBackend.default.gemm(
                                        m: patch, n: units, k: rows, a: columns, lda: patch, transposeA: true, b: dz,
                                        ldb: units, transposeB: false, c: kernelBuffer.baseAddress! + group * patch * units,
                                        ldc: units, accumulate: !isFirst, threads: 1, bIsPadded: true)
                                }
                                if let wtBase {
                                    MatmulBackend.default.gemm(
                                        m: rows, n: patch, k: units, a: dz, lda: units, transposeA: false, b: wtBase, ldb: patch,
                                        transposeB: false, c: columns, ldc: patch, accumulate: false, threads: 1, bIsPadded: true)
                                    col2im(columns, images: images, into: dxBuffer.baseAddress!, parallel: false)
                                }
                            }
                        }
                    }
                }
            }
        }
        let kernel = wantsKernel ? (groups == 1 ? kernelPartials.reshaped([patch, units]) : kernelPartials.sum(alongAxis: 0)) : nil
        let bias = wantsBias ? (groups == 1 ? biasPartials.reshaped([units]) : biasPartials.sum(alongAxis: 0)) : nil
        return (wt == nil ? nil : dx, kernel, bias)
    }
}

/// sums[j] += the sum of column j over `rows` rows of `units` floats, row after row (eight
/// columns at a time, each summed in the same order as one at a time).
@inline(__always)
func addColumns(of d: UnsafePointer<Float>, rows: Int, units: Int, into sums: UnsafeMutablePointer<Float>) {
    let vectorUnits = units - units % 8
    for row in 0..<rows {
        let offset = row * units
        for j in stride(from: 0, to: vectorUnits, by: 8) {
            (SIMD8(loading: sums + j) + SIMD8(loading: d + offset + j)).store(to: sums + j)
        }
        for j in vectorUnits..<units { sums[j] += d[offset + j] }
    }
}

/// Runs `body` with the base addresses of the tensors' storage; nil for a nil tensor.
func withPointers<R>(_ a: Tensor, _ b: Tensor?, _ body: (UnsafePointer<Float>, UnsafePointer<Float>?) -> R) -> R {
    a.withUnsafeBufferPointer { aBuffer in withOptionalPointer(b) { bBase in body(aBuffer.baseAddress!, bBase) } }
}

/// Runs `body` with the base address of `tensor`'s storage, or nil.
func withOptionalPointer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress!) }
}
