import CPlexusKernels
import Foundation
import Testing

@testable import Plexus

/// The vectorised exp, sigmoid and tanh at every instruction-set level this CPU runs, against
/// Foundation's in Double, on sizes that reach the vector loop of every width (4, 8 and 16
/// floats) and every length of tail after it, across the whole float range: where exp
/// overflows and underflows, and at infinities, zeros and NaN.
@Suite struct UnaryKernelTests {
    static let sizes = Array(1...40) + [63, 64, 65, 1027]

    /// Inputs spread over [-100, 100], closer together near exp's limits, then the special values.
    static func inputs(_ count: Int, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        let spread = Tensor.uniform([count], low: -100, high: 100, using: &generator).scalars
        let edges: [Float] = [88.3, 88.38, 88.5, 88.7, 88.72, 88.7228, 88.73, -87.3, -87.33, -87.34, -88, 0, -0, 1e-30]
        let specials: [Float] = [.infinity, -.infinity, .nan]
        return (0..<count).map { index in
            switch index % 5 {
            case 1: return edges[(index / 5) % edges.count]
            case 3 where index % 15 == 3: return specials[(index / 15) % specials.count]
            default: return spread[index]
            }
        }
    }

    /// Runs `kernel` on `x` and returns its outputs.
    static func apply(_ kernel: UnaryKernels.Kernel, _ x: [Float]) -> [Float] {
        var y = [Float](repeating: -1, count: x.count)
        x.withUnsafeBufferPointer { input in
            y.withUnsafeMutableBufferPointer { output in kernel(input.baseAddress!, output.baseAddress!, x.count) }
        }
        return y
    }

    @Test func expMatchesFoundationToTheLimitsAtEveryLevel() {
        for isa in CPUKernels.supportedISAs {
            let kernels = UnaryKernels(isa: isa)
            for count in Self.sizes {
                let x = Self.inputs(count, seed: UInt64(count))
                let y = Self.apply(kernels.exp, x)
                for (input, output) in zip(x, y) {
                    let expected = Foundation.exp(Double(input))
                    let label = "isa \(isa.rawValue), n \(count): exp(\(input)) = \(output), expected \(expected)"
                    if input.isNaN {
                        #expect(output.isNaN, "\(label)")
                    } else if input > 88.7228391 {
                        #expect(output == .infinity, "\(label)")
                    } else if input < -87.3365447504 {
                        #expect(output == 0, "\(label)")
                    } else {
                        #expect(Swift.abs(Double(output) - expected) <= 2e-7 * expected, "\(label)")
                    }
                }
            }
        }
    }

    @Test func sigmoidAndTanhMatchFoundationAtEveryLevel() {
        for isa in CPUKernels.supportedISAs {
            let kernels = UnaryKernels(isa: isa)
            for count in Self.sizes {
                let x = Self.inputs(count, seed: UInt64(100 + count))
                let sigmoid = Self.apply(kernels.sigmoid, x), tanh = Self.apply(kernels.tanh, x)
                for (index, input) in x.enumerated() {
                    let label = "isa \(isa.rawValue), n \(count), x \(input)"
                    if input.isNaN {
                        #expect(sigmoid[index].isNaN && tanh[index].isNaN, "\(label)")
                        continue
                    }
                    let expectedSigmoid = 1 / (1 + Foundation.exp(-Double(input)))
                    #expect(Swift.abs(Double(sigmoid[index]) - expectedSigmoid) <= 1e-7, "\(label): sigmoid \(sigmoid[index])")
                    #expect(Swift.abs(Double(tanh[index]) - Foundation.tanh(Double(input))) <= 2e-7, "\(label): tanh \(tanh[index])")
                }
            }
        }
    }
}
