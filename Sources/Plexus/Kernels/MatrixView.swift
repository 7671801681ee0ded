/// A read-only view of a row-major matrix, possibly transposed, as a GEMM operand.
///
/// Element (i, j) of the view is `base[i * rowStride + j * columnStride]`, so a transposed
/// operand costs nothing: only the strides swap.
struct MatrixView {
    let base: UnsafePointer<Float>
    let rows: Int
    let columns: Int
    let rowStride: Int
    let columnStride: Int

    /// A view of `rows` x `columns` elements stored row-major with leading dimension `ld`,
    /// read transposed when `transposed` is true (then the stored matrix is `columns` x `rows`).
    init(_ base: UnsafePointer<Float>, rows: Int, columns: Int, ld: Int, transposed: Bool) {
        self.base = base
        self.rows = rows
        self.columns = columns
        self.rowStride = transposed ? 1 : ld
        self.columnStride = transposed ? ld : 1
    }

    private init(base: UnsafePointer<Float>, rows: Int, columns: Int, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rows = rows
        self.columns = columns
        self.rowStride = rowStride
        self.columnStride = columnStride
    }

    @inline(__always) func element(_ i: Int, _ j: Int) -> Float {
        base[i * rowStride + j * columnStride]
    }

    /// The block of `rowCount` x `columnCount` elements starting at (row, column).
    func block(row: Int, column: Int, rowCount: Int, columnCount: Int) -> MatrixView {
        MatrixView(
            base: base + row * rowStride + column * columnStride, rows: rowCount,
            columns: columnCount, rowStride: rowStride, columnStride: columnStride)
    }
}
