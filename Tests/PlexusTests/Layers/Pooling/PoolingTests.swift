import Testing
@testable import Plexus

/// MaxPooling2D and AveragePooling2D: forward against a nested-loop reference, gradients
/// against finite differences, Keras's shapes and 'same' semantics.
@Suite struct PoolingTests {
    typealias F = ConvolutionFixtures

    /// (image [h, w, c], pool, strides, padding).
    static let cases: [([Int], (Int, Int), (Int, Int), Padding)] = [
        ([4, 4, 1], (2, 2), (2, 2), .valid),
        ([5, 5, 2], (2, 2), (2, 2), .valid),
        ([5, 5, 2], (2, 2), (2, 2), .same),
        ([5, 7, 3], (3, 3), (2, 2), .same),
        ([6, 5, 2], (3, 2), (1, 2), .valid),
        ([4, 5, 2], (2, 3), (1, 1), .same),
        // Channels in a whole vector of 8 and a tail; overlapping windows. (Few elements: the
        // distinct values grow with the count, and Float32 rounding with them.)
        ([3, 4, 9], (2, 2), (2, 2), .same),
        ([4, 4, 8], (3, 3), (1, 1), .valid),
    ]

    @Test(arguments: 0..<cases.count)
    func maxPoolingForwardAndGradient(_ index: Int) throws {
        let (image, pool, strides, padding) = PoolingTests.cases[index]
        let layer = MaxPooling2D(poolSize: pool, strides: strides, padding: padding)
        // Mixed signs: with 'same' padding a border window may hold only negative values.
        let x = F.distinct([2] + image, seed: UInt64(index))
        let output = layer(x)
        let expected = F.referencePooling(x, pool: pool, strides: strides, padding: padding, maximum: true)
        #expect(output.shape == expected.shape)
        #expect(try output.shape == [2] + layer.outputShape(forInputShape: image))
        #expect(output.scalars == expected.scalars)
        F.expectGradient(at: [x]) { layer($0[0]) }
    }

    @Test(arguments: 0..<cases.count)
    func averagePoolingForwardAndGradient(_ index: Int) throws {
        let (image, pool, strides, padding) = PoolingTests.cases[index]
        let layer = AveragePooling2D(poolSize: pool, strides: strides, padding: padding)
        let x = F.uniform([2] + image, seed: UInt64(index))
        let output = layer(x)
        let expected = F.referencePooling(x, pool: pool, strides: strides, padding: padding, maximum: false)
        #expect(output.shape == expected.shape)
        #expect(try output.shape == [2] + layer.outputShape(forInputShape: image))
        #expect(F.maxDifference(output, expected) < 1e-6)
        F.expectGradient(at: [x]) { layer($0[0]) }
    }

    @Test func maxPoolingSendsTheGradientToTheFirstMaximumOnTies() {
        // One 2x2 window of equal values: all the gradient goes to the first (top-left).
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [3, 3, 3, 3])
        let (_, gradient) = valueWithGradient(at: x) { MaxPooling2D(2)($0).sum() }
        #expect(gradient.scalars == [1, 0, 0, 0])
        // The same with 9 channels, 8 of them handled as one vector.
        let wide = Tensor(shape: [1, 2, 2, 9], repeating: 3)
        let (_, wideGradient) = valueWithGradient(at: wide) { MaxPooling2D(2)($0).sum() }
        #expect(wideGradient.scalars == [Float](repeating: 1, count: 9) + [Float](repeating: 0, count: 27))
        // Overlapping windows (stride 1) that share a maximum add their gradients there.
        let y = Tensor(shape: [1, 3, 3, 1], scalars: [0, 0, 0, 0, 9, 0, 0, 0, 0])
        let (_, shared) = valueWithGradient(at: y) { MaxPooling2D(2, strides: 1)($0).sum() }
        #expect(shared.scalars == [0, 0, 0, 0, 4, 0, 0, 0, 0])
    }

    @Test func sameAveragePoolingCountsOnlyTheInput() {
        // Keras: AveragePooling2D(2, padding='same') on a 3x3 of ones gives ones, also at the
        // border windows that hang over the padding.
        let ones = Tensor(shape: [1, 3, 3, 1], repeating: 1)
        let output = AveragePooling2D(2, padding: .same)(ones)
        #expect(output.shape == [1, 2, 2, 1])
        #expect(output.scalars == [1, 1, 1, 1])
        let ramp = Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(AveragePooling2D(2, padding: .same)(ramp).scalars == [3, 4.5, 7.5, 9])
        // Max pooling pads with -infinity: a negative border stays itself.
        #expect(MaxPooling2D(2, padding: .same)(ramp * -1).scalars == [-1, -3, -7, -9])
    }

    @Test func largeBatchesSplitOverTheCoresAgree() {
        let x = F.uniform([64, 26, 26, 32], seed: 4)
        let max = MaxPooling2D(2)(x), average = AveragePooling2D(2)(x)
        for row in [0, 63] {
            let sample = x.rows(row..<(row + 1))
            #expect(
                max.rows(row..<(row + 1)).scalars
                    == F.referencePooling(sample, pool: (2, 2), strides: (2, 2), padding: .valid, maximum: true).scalars)
            #expect(
                F.maxDifference(
                    average.rows(row..<(row + 1)),
                    F.referencePooling(sample, pool: (2, 2), strides: (2, 2), padding: .valid, maximum: false)) < 1e-6)
        }
        // The backward pass splits too: each gradient lands once per window.
        let (_, gradient) = valueWithGradient(at: x) { MaxPooling2D(2)($0).sum() }
        #expect(gradient.scalars.reduce(0, +) == Float(64 * 13 * 13 * 32))
    }

    @Test func namesDefaultsAndShapes() throws {
        let max = MaxPooling2D()
        #expect(max.typeName == "MaxPooling2D" && max.name == "max_pooling2d")
        #expect(max.poolSize == (2, 2) && max.strides == (2, 2) && max.padding == .valid)
        #expect(max.parameters.isEmpty && max.isBuilt)
        #expect(try max.outputShape(forInputShape: [26, 26, 32]) == [13, 13, 32])
        #expect(try MaxPooling2D(2).outputShape(forInputShape: [11, 11, 64]) == [5, 5, 64])
        #expect(try MaxPooling2D(2, padding: .same).outputShape(forInputShape: [11, 11, 64]) == [6, 6, 64])
        #expect(try MaxPooling2D(poolSize: 3, strides: 1).outputShape(forInputShape: [5, 5, 1]) == [3, 3, 1])
        let average = AveragePooling2D(poolSize: (2, 3))
        #expect(average.typeName == "AveragePooling2D" && average.name == "average_pooling2d")
        #expect(average.strides == (2, 3))
        #expect(try average.outputShape(forInputShape: [6, 9, 4]) == [3, 3, 4])
    }
}
