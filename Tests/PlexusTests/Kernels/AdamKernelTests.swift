import CPlexusKernels
import Foundation
import Testing
@testable import Plexus

/// The Adam update kernel (used by Adam and AdamW) at every instruction-set level this CPU
/// runs, against the formula in Double, on sizes that reach the vector loop of every width
/// (4, 8 and 16 floats) and every length of tail after it.
@Suite struct AdamKernelTests {
    static let sizes = Array(1...40) + [63, 64, 65, 100, 1027]

    @Test func everyLevelMatchesTheFormula() {
        var generator = RandomGenerator(seed: 11)
        let alpha: Float = 0.0316, keep1: Float = 0.1, keep2: Float = 0.001, epsilon: Float = 1e-7
        for n in Self.sizes {
            let w0 = Tensor.uniform([n], low: -2, high: 2, using: &generator).scalars
            let g = Tensor.uniform([n], low: -1, high: 1, using: &generator).scalars
            let m0 = Tensor.uniform([n], low: -0.1, high: 0.1, using: &generator).scalars
            let v0 = Tensor.uniform([n], low: 0, high: 0.01, using: &generator).scalars
            // The reference, in Double.
            var expectedM = [Double](), expectedV = [Double](), expectedW = [Double]()
            for i in 0..<n {
                let m = Double(m0[i]) + (Double(g[i]) - Double(m0[i])) * Double(keep1)
                let v = Double(v0[i]) + (Double(g[i]) * Double(g[i]) - Double(v0[i])) * Double(keep2)
                expectedM.append(m)
                expectedV.append(v)
                expectedW.append(Double(w0[i]) - Double(alpha) * m / (v.squareRoot() + Double(epsilon)))
            }
            for isa in CPUKernels.supportedISAs {
                var w = w0, m = m0, v = v0
                plx_adam_kernel_for(isa)!(&w, g, &m, &v, n, alpha, keep1, keep2, epsilon)
                let label = "isa \(isa.rawValue), n \(n)"
                // Each relative to the size of the terms it sums (m and v cancel to near zero).
                #expect(Self.largestError(m, expectedM, scale: 0.1) <= 1e-6, "\(label): m")
                #expect(Self.largestError(v, expectedV, scale: 0.01) <= 1e-6, "\(label): v")
                #expect(Self.largestError(w, expectedW, scale: 1) <= 1e-6, "\(label): w")
            }
        }
    }

    /// Zero gradients and moments leave the weights exactly as they were (the step is 0 / ε).
    @Test func zeroMomentsMoveNothing() {
        for isa in CPUKernels.supportedISAs {
            let n = 37
            let w0 = (0..<n).map { Float($0) - 18.5 }
            var w = w0, m = [Float](repeating: 0, count: n), v = [Float](repeating: 0, count: n)
            plx_adam_kernel_for(isa)!(&w, [Float](repeating: 0, count: n), &m, &v, n, 0.1, 0.1, 0.001, 1e-7)
            #expect(w == w0, "isa \(isa.rawValue)")
        }
    }

    /// The largest difference, each divided by max(|expected|, scale); infinity for NaN.
    static func largestError(_ actual: [Float], _ expected: [Double], scale: Double) -> Double {
        zip(actual, expected).reduce(0) { largest, pair in
            let error = Swift.abs(Double(pair.0) - pair.1) / Swift.max(Swift.abs(pair.1), scale)
            return error.isNaN ? .infinity : Swift.max(largest, error)
        }
    }
}
