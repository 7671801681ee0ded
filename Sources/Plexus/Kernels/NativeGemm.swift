/// Plexus's own single-precision matrix multiply: C = A·B, or C += A·B.
///
/// The arithmetic happens in a C micro-kernel that computes an MR x NR tile of C with
/// vector registers (see CPlexusKernels); this file feeds it. The classic blocking (as in
/// BLIS and GotoBLAS): a KC-deep slice of B is packed into NR-wide panels that stay in L1,
/// an MC x KC block of A into MR-tall panels that stay in L2, and the kernel sweeps the tiles.
/// Small products skip the packing where the kernel can read the caller's memory directly,
/// because at course sizes (32x784 by 784x25) packing would cost as much as the arithmetic.
enum NativeGemm {
    /// Depth of one packed slice (rows of B, columns of A).
    static let kc = 256
    /// Rows of A packed at once (a multiple of every MR).
    static let mc = 144
    /// Columns of B packed at once (a multiple of every NR).
    static let nc = 4096
    /// Below this many floating-point operations a product stays on one thread: handing work
    /// to another core costs microseconds, as much as the whole product.
    static let parallelThreshold = 4_000_000

    /// C (m x n, row stride ldc) = A·B, or += with `accumulate`; A is m x k, B is k x n.
    /// `bIsPadded` promises that B's buffer stays readable for a tile width past its last
    /// element (a Tensor's storage does), so that B's right edge can be read in place.
    static func multiply(
        _ a: MatrixView, _ b: MatrixView, into c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool, threads: Int, bIsPadded: Bool = false, kernel: GemmMicroKernel = CPUKernels.gemm
    ) {
        require(a.columns == b.rows, "inner dimensions differ: \(a.rows)x\(a.columns) · \(b.rows)x\(b.columns)")
        let m = a.rows, n = b.columns, k = a.columns
        let workers = 2 * m * n * k >= parallelThreshold ? Swift.max(threads, 1) : 1
        if workers > 1 && k >= 8 * Swift.max(m, n) {
            multiplySplittingDepth(
                a, b, into: c, ldc: ldc, accumulate: accumulate, bIsPadded: bIsPadded, kernel: kernel, workers: workers)
            return
        }
        if workers > 1 && m < 2 * mc && n >= 2 * workers * kernel.nr {
            // Few rows, many columns: give each worker its own strip of columns (and of B).
            let strip = roundUp((n + workers - 1) / workers, to: kernel.nr)
            let strips = (n + strip - 1) / strip
            parallelFor(strips) { index in
                let column = index * strip
                let columns = Swift.min(strip, n - column)
                multiplyBlocked(
                    a, b.block(row: 0, column: column, rowCount: k, columnCount: columns),
                    into: c + column, ldc: ldc, accumulate: accumulate, bIsPadded: bIsPadded, kernel: kernel,
                    workers: 1)
            }
            return
        }
        multiplyBlocked(a, b, into: c, ldc: ldc, accumulate: accumulate, bIsPadded: bIsPadded, kernel: kernel, workers: workers)
    }

    /// A deep, narrow product (a weight gradient, where k runs over a whole batch): each worker
    /// multiplies its own range of the depth into its own C, and the parts are added at the end.
    /// Splitting rows instead would hand out blocks at every slice of depth, a wait for the
    /// slowest worker each time, for a C small enough that the extra copies cost nothing.
    static func multiplySplittingDepth(
        _ a: MatrixView, _ b: MatrixView, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        bIsPadded: Bool, kernel: GemmMicroKernel, workers: Int
    ) {
        let m = a.rows, n = b.columns, k = a.columns
        let depth = (k + workers - 1) / workers, parts = (k + depth - 1) / depth
        ScratchBufferPool.shared.withBuffer(count: (parts - 1) * m * n) { partials in
            parallelFor(parts) { part in
                let first = part * depth, count = Swift.min(depth, k - first)
                // Any rows of a padded B are followed by readable memory: the rows after them or the padding.
                let aPart = a.block(row: 0, column: first, rowCount: m, columnCount: count)
                let bPart = b.block(row: first, column: 0, rowCount: count, columnCount: n)
                if part == 0 {
                    multiplyBlocked(
                        aPart, bPart, into: c, ldc: ldc, accumulate: accumulate, bIsPadded: bIsPadded, kernel: kernel,
                        workers: 1)
                } else {
                    multiplyBlocked(
                        aPart, bPart, into: partials + (part - 1) * m * n, ldc: n, accumulate: false,
                        bIsPadded: bIsPadded, kernel: kernel, workers: 1)
                }
            }
            for part in 1..<parts {
                let partial = partials + (part - 1) * m * n
                for i in 0..<m {
                    let row = c + i * ldc, partialRow = partial + i * n
                    for j in 0..<n { row[j] += partialRow[j] }
                }
            }
        }
    }

    /// The blocked product. With several workers, each slice of B is packed once by all of
    /// them together, and then the blocks of A's rows are shared out as they come free, so a
    /// worker that starts late (a sleeping thread takes microseconds to wake) simply takes
    /// fewer blocks.
    static func multiplyBlocked(
        _ a: MatrixView, _ b: MatrixView, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        bIsPadded: Bool, kernel: GemmMicroKernel, workers: Int
    ) {
        let m = a.rows, n = b.columns, k = a.columns
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate {
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
            }
            return
        }
        let mr = kernel.mr, nr = kernel.nr
        // Pack A only when each of its panels meets many panels of B.
        // A transposed in memory is packed too when it is tall and deep: read in place, each
        // depth step of a panel touches its own cache line for a few floats, and once those
        // lines outgrow L1 the kernel waits on them (288x15488ᵀ·15488x64 ran at 2/3 speed).
        let packA = packsA(m: m, n: n, k: k, transposed: a.columnStride != 1, kernel: kernel)
        // Read B in place when its rows are contiguous and A is not packed (small products).
        let directB = !packA && b.columnStride == 1
        // A short last panel is read in place too when the reads past its edge stay inside the
        // buffer: rows of B run on into the next row, and the last row into the padding. The
        // extra columns only reach tile columns that are never written back.
        let directEdgeB = directB && bIsPadded
        // Unpacked operands stream from L2 well enough that a small product needs few slices of
        // depth (each slice reads and writes C once more); two for the course's 784 inputs,
        // which a single row (below) sums side by side, at twice the speed of one long chain.
        // Slices of equal depth: 784 as four of 196, not three of 256 and one of 16, whose tiles
        // would load and store C for a sixteenth of the work.
        let kc = balancedBlock(k, limit: packA ? NativeGemm.kc : 2 * NativeGemm.kc, multiple: 1)
        if m == 1 && !packA && directEdgeB {
            // A single row (one sample's prediction) all across at once, in the same bits as
            // the same row in a batch: the kernel adds the slices as the tiles do.
            for jc in stride(from: 0, to: n, by: nc) {
                kernel.row(
                    k, kc, a.base, a.columnStride, b.base + jc * b.columnStride, b.rowStride, c + jc, Swift.min(nc, n - jc),
                    accumulate ? 1 : 0)
            }
            return
        }
        // Blocks of A's rows in a multiple of the workers, of equal height: 784 rows on two
        // workers as six blocks of 132, not five of 144 and one of 64 (one worker idle for a
        // sixth of the product).
        let mc =
            workers > 1
            ? balancedBlock(m, limit: NativeGemm.mc, multiple: mr, parts: workers) : NativeGemm.mc
        let bPanelsCapacity = kc * roundUp(Swift.min(n, nc), to: nr)
        let aPanelsCapacity = packA ? kc * mc : 0

        /// One block of A's rows against the packed slice of B: the micro-kernel over its tiles.
        func multiplyBlock(
            ic: Int, pc: Int, kcCurrent: Int, jc: Int, ncCurrent: Int, bSlice: MatrixView,
            packedB: UnsafeMutablePointer<Float>, packedA: UnsafeMutablePointer<Float>
        ) {
            let mcCurrent = Swift.min(mc, m - ic)
            let accumulateHere = accumulate || pc > 0
            let aBlock = a.block(row: ic, column: pc, rowCount: mcCurrent, columnCount: kcCurrent)
            if packA { packPanels(ofTransposed: aBlock, into: packedA, panelHeight: mr, kernel: kernel) }
            for jr in stride(from: 0, to: ncCurrent, by: nr) {
                let columns = Swift.min(nr, ncCurrent - jr)
                let bPanel: UnsafePointer<Float>
                let bRowStride: Int
                if directEdgeB || (directB && columns == nr) {
                    bPanel = bSlice.base + jr
                    bRowStride = bSlice.rowStride
                } else {
                    bPanel = UnsafePointer(packedB + (jr / nr) * kcCurrent * nr)
                    bRowStride = nr
                }
                for ir in stride(from: 0, to: mcCurrent, by: mr) {
                    let rows = Swift.min(mr, mcCurrent - ir)
                    let aPanel: UnsafePointer<Float>
                    let aRowStride: Int, aDepthStride: Int
                    if packA {
                        aPanel = UnsafePointer(packedA + (ir / mr) * kcCurrent * mr)
                        aRowStride = 1
                        aDepthStride = mr
                    } else {
                        // The kernel reads only the valid rows, so an edge needs no copy.
                        aPanel = aBlock.base + ir * aBlock.rowStride
                        aRowStride = aBlock.rowStride
                        aDepthStride = aBlock.columnStride
                    }
                    kernel.call(
                        kcCurrent, aPanel, aRowStride, aDepthStride, bPanel, bRowStride,
                        c + (ic + ir) * ldc + jc + jr, ldc, rows, columns, accumulateHere ? 1 : 0)
                }
            }
        }

        /// The slices of B against the blocks of A, packing into `scratch`.
        func multiplySlices(scratch: UnsafeMutablePointer<Float>) {
            let packedB = scratch
            let packedA = scratch + bPanelsCapacity
            for jc in stride(from: 0, to: n, by: nc) {
                let ncCurrent = Swift.min(nc, n - jc)
                for pc in stride(from: 0, to: k, by: kc) {
                    let kcCurrent = Swift.min(kc, k - pc)
                    let bSlice = b.block(row: pc, column: jc, rowCount: kcCurrent, columnCount: ncCurrent)
                    let blocks = (m + mc - 1) / mc
                    if workers == 1 || blocks == 1 {
                        if !directEdgeB {
                            packPanels(of: bSlice, into: packedB, panelWidth: nr, onlyPartial: directB, kernel: kernel)
                        }
                        for ic in stride(from: 0, to: m, by: mc) {
                            multiplyBlock(
                                ic: ic, pc: pc, kcCurrent: kcCurrent, jc: jc, ncCurrent: ncCurrent, bSlice: bSlice,
                                packedB: packedB, packedA: packedA)
                        }
                        continue
                    }
                    // Pack B's panels together: each worker a contiguous run of them.
                    if !directEdgeB {
                        let panels = (ncCurrent + nr - 1) / nr
                        let share = (panels + workers - 1) / workers
                        parallelFor((panels + share - 1) / share) { part in
                            let first = part * share, last = Swift.min(panels, first + share)
                            let column = first * nr, columns = Swift.min(last * nr, ncCurrent) - column
                            packPanels(
                                of: bSlice.block(row: 0, column: column, rowCount: kcCurrent, columnCount: columns),
                                into: packedB + first * kcCurrent * nr, panelWidth: nr, onlyPartial: directB, kernel: kernel)
                        }
                    }
                    parallelFor(blocks) { block in
                        ScratchBufferPool.shared.withBuffer(count: Swift.max(aPanelsCapacity, 1)) { ownA in
                            multiplyBlock(
                                ic: block * mc, pc: pc, kcCurrent: kcCurrent, jc: jc, ncCurrent: ncCurrent,
                                bSlice: bSlice, packedB: packedB, packedA: ownA)
                        }
                    }
                }
            }
        }
        // With nothing to pack (a single sample's product reads both operands in place), no
        // buffer is taken: the pool's lock and search cost as much as a small product.
        if packA || !directEdgeB {
            ScratchBufferPool.shared.withBuffer(count: bPanelsCapacity + aPanelsCapacity, multiplySlices)
        } else {
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 1) { multiplySlices(scratch: $0.baseAddress!) }
        }
    }

    /// Whether ``multiplyBlocked(_:_:into:ldc:accumulate:bIsPadded:kernel:workers:)`` packs A
    /// (m x k, `transposed` when stored by columns) for a product n columns wide, and so slices
    /// the depth by ``kc``.
    static func packsA(m: Int, n: Int, k: Int, transposed: Bool, kernel: GemmMicroKernel) -> Bool {
        n > 4 * kernel.nr || (transposed && m >= 4 * kernel.mr && k >= 128)
    }

    /// Packs a depth x width slice of B into panels of `panelWidth` columns, each stored
    /// depth-major (row p of a panel is `panelWidth` contiguous floats), the last panel padded
    /// with zeros. With `onlyPartial`, only the last panel is packed, and only if it is short.
    static func packPanels(
        of slice: MatrixView, into destination: UnsafeMutablePointer<Float>, panelWidth: Int, onlyPartial: Bool,
        kernel: GemmMicroKernel
    ) {
        let depth = slice.rows, width = slice.columns
        for start in stride(from: 0, to: width, by: panelWidth) {
            let columns = min(panelWidth, width - start)
            if onlyPartial && columns == panelWidth { continue }
            let panel = destination + (start / panelWidth) * depth * panelWidth
            if slice.columnStride == 1 {
                for p in 0..<depth {
                    copyPanelPiece(
                        from: slice.base + p * slice.rowStride + start, to: panel + p * panelWidth, count: columns,
                        width: panelWidth)
                }
            } else {
                // B is transposed in memory: walk its stored rows (our columns) contiguously.
                gatherPanel(
                    panel, width: panelWidth, depth: depth, lanes: columns, first: slice.base + start * slice.columnStride,
                    laneStride: slice.columnStride, step: slice.rowStride, kernel: kernel)
            }
        }
    }

    /// Packs a height x depth block of A into panels of `panelHeight` rows, each stored
    /// depth-major (column p of a panel is `panelHeight` contiguous floats), the last panel
    /// padded with zeros.
    static func packPanels(
        ofTransposed block: MatrixView, into destination: UnsafeMutablePointer<Float>, panelHeight: Int,
        kernel: GemmMicroKernel
    ) {
        let height = block.rows, depth = block.columns
        if block.rowStride == 1 {
            // A is transposed in memory: each depth step of a panel is `panelHeight` contiguous
            // floats. Panel by panel, so the writes run on; the reads of the next panels come
            // from the same cache lines, still in L1.
            for start in stride(from: 0, to: height, by: panelHeight) {
                let rows = min(panelHeight, height - start)
                let panel = destination + (start / panelHeight) * depth * panelHeight
                for p in 0..<depth {
                    copyPanelPiece(
                        from: block.base + start + p * block.columnStride, to: panel + p * panelHeight, count: rows,
                        width: panelHeight)
                }
            }
            return
        }
        for start in stride(from: 0, to: height, by: panelHeight) {
            let rows = min(panelHeight, height - start)
            let panel = destination + (start / panelHeight) * depth * panelHeight
            gatherPanel(
                panel, width: panelHeight, depth: depth, lanes: rows, first: block.base + start * block.rowStride,
                laneStride: block.rowStride, step: block.columnStride, kernel: kernel)
        }
    }

    /// Fills a depth-major panel `width` lanes wide from strided sources: element p of lane i
    /// is `first[i * laneStride + p * step]`, for the first `lanes` lanes; the lanes after them
    /// are zeros. Runs contiguous along the depth (the usual case) go to the kernel's vector
    /// transpose; element by element, each would be a strided store.
    @inline(__always)
    static func gatherPanel(
        _ panel: UnsafeMutablePointer<Float>, width: Int, depth: Int, lanes: Int, first: UnsafePointer<Float>,
        laneStride: Int, step: Int, kernel: GemmMicroKernel
    ) {
        if step == 1 {
            kernel.packTransposed(panel, width, depth, first, laneStride, lanes)
            return
        }
        for lane in 0..<width {
            if lane < lanes {
                let source = first + lane * laneStride
                for p in 0..<depth { panel[p * width + lane] = source[p * step] }
            } else {
                for p in 0..<depth { panel[p * width + lane] = 0 }
            }
        }
    }

    /// Writes one panel's piece of a depth step: `count` contiguous floats, then zeros up to the
    /// panel's `width`. A full piece of a tile height (6, 12) or width (8, 16, 32) of the kernels
    /// goes as whole vectors, where a loop of unknown length would go one by one; a short one
    /// (a panel at the edge) is a loop, not memmove: a call per piece would cost more than the copy.
    @inline(__always)
    static func copyPanelPiece(from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        switch count == width ? count : 0 {
        case 6:
            to.storeBytes(of: from.loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: 16, as: SIMD2<Float>.self), toByteOffset: 16, as: SIMD2<Float>.self)
        case 12:
            to.storeBytes(of: from.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self), toByteOffset: 32, as: SIMD4<Float>.self)
        case 8:
            to.storeBytes(of: from.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
        case 16:
            to.storeBytes(of: from.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
        case 32:
            to.storeBytes(of: from.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self), toByteOffset: 64, as: SIMD16<Float>.self)
        default:
            for i in 0..<count { target[i] = source[i] }
            for i in count..<width { target[i] = 0 }
        }
    }

    /// The size of equal blocks that cover `total`: no larger than `limit` (unless `multiple`
    /// is), a multiple of `multiple`, and as many blocks as a multiple of `parts`.
    static func balancedBlock(_ total: Int, limit: Int, multiple: Int, parts: Int = 1) -> Int {
        let blocks = roundUp(Swift.max(1, (total + limit - 1) / limit), to: parts)
        return Swift.max(multiple, roundUp((total + blocks - 1) / blocks, to: multiple))
    }

    @inline(__always) static func roundUp(_ value: Int, to multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}
