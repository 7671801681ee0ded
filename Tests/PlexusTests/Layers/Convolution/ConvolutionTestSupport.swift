import Testing
@testable import Plexus

// Helpers for the convolution tests: seeded data, obviously correct nested-loop references
// for convolution and pooling, and a gradient check reduced by a fixed weighted sum.

enum ConvolutionFixtures {
    /// Values drawn uniformly from `low..<high`.
    static func uniform(_ shape: [Int], _ low: Float = -1, _ high: Float = 1, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform(shape, low: low, high: high, using: &generator)
    }

    /// Distinct values 0.05 apart, shuffled: a window's maximum is unique and stays so under a
    /// finite-difference step of 0.01; small, so that Float32 rounding of the checked sum stays
    /// well below the finite differences.
    static func distinct(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        let count = shape.reduce(1, *)
        let values = generator.permutation(count).map { 0.05 * (Float($0) - Float(count / 2)) }
        return Tensor(shape: shape, scalars: values)
    }

    /// Keras's placement of one axis: output length and padding before the first element.
    static func axis(input: Int, window: Int, stride: Int, padding: Padding) -> (length: Int, before: Int) {
        switch padding {
        case .valid:
            return ((input - window) / stride + 1, 0)
        case .same:
            let length = (input + stride - 1) / stride
            return (length, max((length - 1) * stride + window - input, 0) / 2)
        }
    }

    /// The convolution computed straight from its definition, in Double.
    static func referenceConvolution(
        _ x: Tensor, _ w: Tensor, _ b: Tensor?, strides: (Int, Int), padding: Padding
    ) -> Tensor {
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, filters) = (w.shape[0], w.shape[1], w.shape[3])
        let rows = axis(input: height, window: kh, stride: strides.0, padding: padding)
        let columns = axis(input: width, window: kw, stride: strides.1, padding: padding)
        let xs = x.scalars, ws = w.scalars, bs = b?.scalars
        var output = [Float]()
        for n in 0..<batch {
            for oy in 0..<rows.length {
                for ox in 0..<columns.length {
                    for f in 0..<filters {
                        var sum = Double(bs?[f] ?? 0)
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                let y = oy * strides.0 - rows.before + ky
                                let x0 = ox * strides.1 - columns.before + kx
                                guard y >= 0, y < height, x0 >= 0, x0 < width else { continue }
                                for c in 0..<channels {
                                    let input = xs[((n * height + y) * width + x0) * channels + c]
                                    let weight = ws[((ky * kw + kx) * channels + c) * filters + f]
                                    sum += Double(input) * Double(weight)
                                }
                            }
                        }
                        output.append(Float(sum))
                    }
                }
            }
        }
        return Tensor(shape: [batch, rows.length, columns.length, filters], scalars: output)
    }

    /// Max or average pooling computed straight from its definition; padded positions are
    /// skipped (never a maximum, not counted in an average).
    static func referencePooling(
        _ x: Tensor, pool: (Int, Int), strides: (Int, Int), padding: Padding, maximum: Bool
    ) -> Tensor {
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let rows = axis(input: height, window: pool.0, stride: strides.0, padding: padding)
        let columns = axis(input: width, window: pool.1, stride: strides.1, padding: padding)
        let xs = x.scalars
        var output = [Float]()
        for n in 0..<batch {
            for oy in 0..<rows.length {
                for ox in 0..<columns.length {
                    for c in 0..<channels {
                        var values: [Float] = []
                        for ky in 0..<pool.0 {
                            for kx in 0..<pool.1 {
                                let y = oy * strides.0 - rows.before + ky
                                let x0 = ox * strides.1 - columns.before + kx
                                if y >= 0, y < height, x0 >= 0, x0 < width {
                                    values.append(xs[((n * height + y) * width + x0) * channels + c])
                                }
                            }
                        }
                        output.append(maximum ? values.max()! : values.reduce(0, +) / Float(values.count))
                    }
                }
            }
        }
        return Tensor(shape: [batch, rows.length, columns.length, channels], scalars: output)
    }

    /// The largest absolute difference of two tensors of one shape.
    static func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
        zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    }

    /// Checks the gradient of `operation` at `inputs` by finite differences, reducing its
    /// output with fixed random weights so that a gradient sent to a wrong position shows.
    @discardableResult
    static func expectGradient(
        at inputs: [Tensor], sourceLocation: SourceLocation = #_sourceLocation,
        _ operation: @escaping ([Tensor]) -> Tensor
    ) -> GradientCheckResult {
        var outputWeights: Tensor?
        let result = checkGradient(
            of: { inputs in
                let output = operation(inputs)
                if outputWeights == nil { outputWeights = uniform(output.shape, seed: 99) }
                return (output * outputWeights!).sum()
            }, at: inputs)
        #expect(result.maxRelativeError < 1e-2, "\(result)", sourceLocation: sourceLocation)
        for (input, gradient) in zip(inputs, result.analytic) {
            #expect(gradient.shape == input.shape, sourceLocation: sourceLocation)
        }
        return result
    }

    /// A built Conv2D for images of `imageShape`, with a random nonzero bias.
    static func builtConv(_ layer: Conv2D, imageShape: [Int], seed: UInt64) -> Conv2D {
        var generator = RandomGenerator(seed: seed)
        layer.build(inputShape: imageShape, generator: &generator)
        if let bias = layer.bias { bias.value = uniform(bias.value.shape, -0.5, 0.5, seed: seed + 1) }
        return layer
    }
}
