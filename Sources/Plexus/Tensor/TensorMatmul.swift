/// The matrix product `op(a) · op(b)`, where `op` transposes its operand when asked.
///
/// ```swift
/// let y = matmul(x, w)                       // [batch, in] · [in, out]
/// let dw = matmul(x, dy, transposeA: true)   // xᵀ · dy, without copying x
/// ```
///
/// It runs on ``MatmulBackend/default``; large products are split over all cores.
///
/// Differentiable with respect to both operands. For C = op(A)·op(B) and the gradient G of C,
/// d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G; each is computed as one product with transpose
/// flags, never by transposing a copy.
/// - Precondition: both are matrices and their inner dimensions agree.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let product = MatmulBackend.default.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
    guard a.isTracked || b.isTracked else { return product }
    let x = a.detached(), y = b.detached()
    let (firstWanted, secondWanted) = (a.isTracked, b.isTracked)
    return product.recorded("matmul", inputs: [a, b]) { g in
        // dA = G·op(B)ᵀ, or its transpose op(B)·Gᵀ when A was used transposed.
        let da =
            !firstWanted
            ? nil
            : transposeA
                ? matmul(y, g, transposeA: transposeB, transposeB: true)
                : matmul(g, y, transposeB: !transposeB)
        // dB = op(A)ᵀ·G, or its transpose Gᵀ·op(A) when B was used transposed.
        let db =
            !secondWanted
            ? nil
            : transposeB
                ? matmul(g, x, transposeA: true, transposeB: transposeA)
                : matmul(x, g, transposeA: !transposeA)
        return [da, db]
    }
}
