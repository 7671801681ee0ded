import CPlexusKernels
import Testing

@testable import Plexus

/// The max-pool and gradient-routing C kernels at every instruction-set level this CPU runs,
/// against the rules written out one value at a time, to the bit: channel counts that reach
/// the vector loop of every width (4, 8, 16 floats) and every tail after it, windows that
/// tile, overlap, leave gaps or are clipped by padding, and values with ties, signed zeros and
/// NaN.
@Suite struct PoolingKernelTests {
    struct Case: CustomStringConvertible {
        var height: Int, width: Int, window: Int, stride: Int, padding: Padding
        var description: String { "\(height)x\(width) window \(window)/\(stride) \(padding.rawValue)" }
    }

    static let cases = [
        Case(height: 6, width: 6, window: 2, stride: 2, padding: .valid),  // tiles
        Case(height: 7, width: 5, window: 2, stride: 2, padding: .valid),  // a row and column left out
        Case(height: 7, width: 7, window: 3, stride: 2, padding: .valid),  // overlapping
        Case(height: 8, width: 8, window: 2, stride: 3, padding: .valid),  // gaps
        Case(height: 7, width: 6, window: 3, stride: 2, padding: .same),  // padded, clipped windows
        Case(height: 7, width: 7, window: 2, stride: 2, padding: .same),  // 2x2, the last ones clipped
    ]
    static let channelCounts = Array(1...18) + [31, 32, 33, 47, 64]

    private static func geometry(_ c: Case, channels: Int, batch: Int) -> WindowGeometry {
        let window = SlidingWindow(
            height: c.window, width: c.window, strideY: c.stride, strideX: c.stride, padding: c.padding, role: "pool")
        return window.geometry(forImageShape: [c.height, c.width, channels], batch: batch, layer: "test")
    }

    /// Values with many ties, signed zeros, negatives (for ReLU) and a few NaNs.
    private static func values(_ count: Int, seed: UInt64, nans: Bool) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return (0..<count).map { _ in
            let draw = Int(generator.next() % 20)
            switch draw {
            case 0: return nans ? .nan : 1
            case 1: return -0.0
            case 2: return 0
            case 3...6: return Float(draw) / 2 - 2.5  // ties
            default: return Float(Int(generator.next() % 2001) - 1000) / 300
            }
        }
    }

    /// One value at a time: finish (bias, ReLU as Swift's max(v, 0)), the running maximum as
    /// Swift's max, the first position equal to it.
    private static func referencePool(
        _ g: WindowGeometry, input: [Float], bias: [Float]?, rectify: Bool
    ) -> (pooled: [Float], maxima: [UInt8]) {
        var pooled = [Float](), maxima = [UInt8]()
        func finished(_ value: Float, _ c: Int) -> Float {
            let withBias = bias.map { value + $0[c] } ?? value
            return rectify ? Swift.max(withBias, 0) : withBias
        }
        g.forEachWindow(images: 0..<g.batch) { image, _, rows, columns in
            for c in 0..<g.channels {
                func at(_ y: Int, _ x: Int) -> Float {
                    finished(input[image * g.imageSize + (y * g.inputWidth + x) * g.channels + c], c)
                }
                var best = at(rows.lowerBound, columns.lowerBound)
                for y in rows {
                    for x in columns { best = Swift.max(best, at(y, x)) }
                }
                var position = UInt8.max
                search: for y in rows {
                    for x in columns where at(y, x) == best {
                        position = UInt8((y - rows.lowerBound) * g.windowWidth + (x - columns.lowerBound))
                        break search
                    }
                }
                pooled.append(best)
                maxima.append(position)
            }
        }
        return (pooled, maxima)
    }

    @Test(arguments: cases)
    func maxPoolMatchesTheRulesAtEveryLevel(_ c: Case) {
        for channels in Self.channelCounts {
            let g = Self.geometry(c, channels: channels, batch: 2)
            let input = Self.values(g.batch * g.imageSize, seed: UInt64(channels), nans: true)
            let bias = Self.values(channels, seed: 99, nans: false)
            for (useBias, rectify) in [(false, false), (true, false), (false, true), (true, true)] {
                let expected = Self.referencePool(g, input: input, bias: useBias ? bias : nil, rectify: rectify)
                for isa in CPUKernels.supportedISAs {
                    let outputs = g.batch * g.positionsPerImage * channels
                    var pooled = [Float](repeating: 7, count: outputs), maxima = [UInt8](repeating: 7, count: outputs)
                    var geometry = g.poolGeometry
                    bias.withUnsafeBufferPointer { biasBuffer in
                        plx_max_pool_kernel_for(isa)!(
                            &geometry, input, g.batch, useBias ? biasBuffer.baseAddress : nil, rectify ? 1 : 0, &pooled,
                            &maxima)
                    }
                    let label = "\(c), \(channels) channels, bias \(useBias), relu \(rectify), isa \(isa.rawValue)"
                    #expect(pooled.map(\.bitPattern) == expected.pooled.map(\.bitPattern), "\(label)")
                    #expect(maxima == expected.maxima, "\(label)")
                }
            }
        }
    }

    /// Each window's gradient at its recorded position (ReLU-masked by the pooled value), zero
    /// elsewhere; stored where the windows tile the input, else added to zeros.
    @Test(arguments: cases)
    func routingMatchesTheRulesAtEveryLevel(_ c: Case) {
        for channels in Self.channelCounts {
            let g = Self.geometry(c, channels: channels, batch: 2)
            // Routing is for windows that do not overlap and start at the corner.
            guard g.hasSeparateWindows else { return }
            let outputs = g.batch * g.positionsPerImage * channels
            let gradient = Self.values(outputs, seed: UInt64(channels) + 50, nans: false)
            let pooled = Self.values(outputs, seed: UInt64(channels) + 70, nans: true)
            var generator = RandomGenerator(seed: UInt64(channels))
            let positions = g.windowHeight * g.windowWidth
            // Some NaN maxima (255), which route nothing.
            let maxima = (0..<outputs).map { _ in
                generator.next() % 9 == 0 ? UInt8.max : UInt8(generator.next() % UInt64(positions))
            }
            for masked in [false, true] {
                var expected = [Float](repeating: 0, count: g.batch * g.imageSize)
                var output = 0
                g.forEachWindow(images: 0..<g.batch) { image, _, rows, columns in
                    for channel in 0..<channels {
                        defer { output += 1 }
                        let share = g.windowsTileTheInput ? gradient[output] : 0 + gradient[output]
                        let kept = !masked || pooled[output] > 0 ? share : 0
                        for y in rows {
                            for x in columns {
                                let here = (y - rows.lowerBound) * g.windowWidth + (x - columns.lowerBound)
                                let index = image * g.imageSize + (y * g.inputWidth + x) * channels + channel
                                expected[index] = Int(maxima[output]) == here ? kept : 0
                            }
                        }
                    }
                }
                for isa in CPUKernels.supportedISAs {
                    var dx = [Float](repeating: 7, count: g.batch * g.imageSize)
                    var geometry = g.poolGeometry
                    pooled.withUnsafeBufferPointer { pooledBuffer in
                        plx_route_kernel_for(isa)!(
                            &geometry, gradient, maxima, masked ? pooledBuffer.baseAddress : nil, g.batch,
                            g.windowsTileTheInput ? 1 : 0, &dx)
                    }
                    #expect(
                        dx.map(\.bitPattern) == expected.map(\.bitPattern),
                        "\(c), \(channels) channels, masked \(masked), isa \(isa.rawValue)")
                }
            }
        }
    }
}
