
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
        if workers > 1 && m < 2 * mc && n > m {
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
        let packA = n > 4 * nr
        // Read B in place when its rows are contiguous and A is not packed (small products).
        let directB = !packA && b.columnStride == 1
        // A short last panel is read in place too when the reads past its edge stay inside the
        // buffer: rows of B run on into the next row, and the last row into the padding. The
        // extra columns only reach tile columns that are never written back.
        let directEdgeB = directB && bIsPadded
        // Unpacked operands stream from L2 well enough that a small product is not worth
        // cutting into slices of depth (each slice would read and write C once more).
        let kc = packA ? NativeGemm.kc : Swift.min(k, 4 * NativeGemm.kc)
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
            if packA {
                packPanels(ofTransposed: aBlock, into: packedA, panelHeight: mr)
            }
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

        ScratchBufferPool.shared.withBuffer(count: bPanelsCapacity + aPanelsCapacity) { scratch in
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
                            packPanels(of: bSlice, into: packedB, panelWidth: nr, onlyPartial: directB)
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
                                into: packedB + first * kcCurrent * nr, panelWidth: nr, onlyPartial: directB)
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
    }

    /// Packs a depth x width slice of B into panels of `panelWidth` columns, each stored
    /// depth-major (row p of a panel is `panelWidth` contiguous floats), the last panel padded
    /// with zeros. With `onlyPartial`, only the last panel is packed, and only if it is short.
    static func packPanels(
        of slice: MatrixView, into destination: UnsafeMutablePointer<Float>, panelWidth: Int, onlyPartial: Bool
    ) {
        let depth = slice.rows, width = slice.columns
        for start in stride(from: 0, to: width, by: panelWidth) {
            let columns = min(panelWidth, width - start)
            if onlyPartial && columns == panelWidth { continue }
            let panel = destination + (start / panelWidth) * depth * panelWidth
            if slice.columnStride == 1 {
                for p in 0..<depth {
                    let source = slice.base + p * slice.rowStride + start
                    let target = panel + p * panelWidth
                    target.update(from: source, count: columns)
                    if columns < panelWidth { (target + columns).update(repeating: 0, count: panelWidth - columns) }
                }
            } else {
                // B is transposed in memory: walk its stored rows (our columns) contiguously.
                for j in 0..<panelWidth {
                    if j < columns {
                        let source = slice.base + (start + j) * slice.columnStride
                        for p in 0..<depth { panel[p * panelWidth + j] = source[p * slice.rowStride] }
                    } else {
                        for p in 0..<depth { panel[p * panelWidth + j] = 0 }
                    }
                }
            }
        }
    }

    /// Packs a height x depth block of A into panels of `panelHeight` rows, each stored
    /// depth-major (column p of a panel is `panelHeight` contiguous floats), the last panel
    /// padded with zeros.
    static func packPanels(
        ofTransposed block: MatrixView, into destination: UnsafeMutablePointer<Float>, panelHeight: Int
    ) {
        let height = block.rows, depth = block.columns
        for start in stride(from: 0, to: height, by: panelHeight) {
            let rows = min(panelHeight, height - start)
            let panel = destination + (start / panelHeight) * depth * panelHeight
            if block.rowStride == 1 {
                // A is transposed in memory: each depth step is contiguous.
                for p in 0..<depth {
                    let source = block.base + start + p * block.columnStride
                    let target = panel + p * panelHeight
                    target.update(from: source, count: rows)
                    if rows < panelHeight { (target + rows).update(repeating: 0, count: panelHeight - rows) }
                }
            } else {
                for i in 0..<panelHeight {
                    if i < rows {
                        let source = block.base + (start + i) * block.rowStride
                        for p in 0..<depth { panel[p * panelHeight + i] = source[p * block.columnStride] }
                    } else {
                        for p in 0..<depth { panel[p * panelHeight + i] = 0 }
                    }
                }
            }
        }
    }

    @inline(__always) static func roundUp(_ value: Int, to multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }
}
