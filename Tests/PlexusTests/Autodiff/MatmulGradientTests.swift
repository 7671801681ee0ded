import Testing
@testable import Plexus

@Suite struct MatmulGradientTests {
    /// C = op(A)·op(B) with op(A) of shape [3, 4] and op(B) of shape [4, 2], each stored
    /// transposed when asked.
    @Test(arguments: [false, true], [false, true])
    func allTransposeCombinations(transposeA: Bool, transposeB: Bool) {
        let a = uniform(transposeA ? [4, 3] : [3, 4], -1, 1, seed: 11)
        let b = uniform(transposeB ? [2, 4] : [4, 2], -1, 1, seed: 12)
        let result = expectGradient(at: [a, b]) { x in
            matmul(x[0], x[1], transposeA: transposeA, transposeB: transposeB)
        }
        #expect(result.analytic[0].shape == a.shape && result.analytic[1].shape == b.shape)
    }

    @Test func onlyOneOperandTracked() {
        let a = uniform([3, 4], -1, 1, seed: 13), w = uniform([4, 2], -1, 1, seed: 14)
        expectGradient(at: [a]) { x in matmul(x[0], w) }
        expectGradient(at: [w]) { x in matmul(a, x[0], transposeA: false) }
    }

    @Test func denseLayerByHand() {
        let x = uniform([5, 3], -1, 1, seed: 15), w = uniform([3, 4], -1, 1, seed: 16)
        let bias = uniform([4], -1, 1, seed: 17)
        expectGradient(at: [x, w, bias]) { v in tanh(matmul(v[0], v[1]) + v[2]) }
    }
}
