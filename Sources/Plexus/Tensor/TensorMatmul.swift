/// The matrix product `op(a) · op(b)`, where `op` transposes its operand when asked.
///
/// ```swift
/// let y = matmul(x, w)                       // [batch, in] · [in, out]
/// let dw = matmul(x, dy, transposeA: true)   // xᵀ · dy, without copying x
/// ```
///
/// It runs on ``MatmulBackend/default``; large products are split over all cores.
/// - Precondition: both are matrices and their inner dimensions agree.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    MatmulBackend.default.matmul(a, b, transposeA: transposeA, transposeB: transposeB)
}
