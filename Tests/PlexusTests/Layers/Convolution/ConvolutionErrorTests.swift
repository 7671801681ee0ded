import Foundation
import Testing
@testable import Plexus

/// Misuse in code stops the program with a message that names the layer and the shapes (exit
/// tests: each runs in a child process that must fail); shapes asked about throw instead.
@Suite struct ConvolutionErrorTests {
    /// What the child process wrote to standard error.
    func stderr(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    /// Asking for a shape is a question with an answer: a thrown error, not a stop.
    @Test func kernelLargerThanTheInput() {
        #expect {
            _ = try Conv2D(4, 5).outputShape(forInputShape: [3, 3, 1])
        } throws: { error in
            "\(error)".contains("kernel 5x5 is larger than the input 3x3 (padding valid)")
        }
    }

    @Test func kernelLargerThanItsInputInAModelNamesTheLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Sequential(inputShape: [5, 5, 1]) {
                Conv2D(2, 3)
                Conv2D(2, 5)
            }
        }
        #expect(
            stderr(result).contains(
                "layer 2, Conv2D 'conv2d_1' on input [3, 3, 2]: kernel 5x5 is larger than the input 3x3 (padding valid)"))
    }

    @Test func kernelLargerThanTheInputInForward() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Conv2D(2, (3, 2), name: "edges")
            var generator = RandomGenerator(seed: 0)
            layer.build(inputShape: [8, 8, 1], generator: &generator)
            _ = layer(Tensor.zeros([1, 2, 8, 1]))
        }
        #expect(stderr(result).contains("Conv2D 'edges': kernel 3x2 is larger than the input 2x8 (padding valid)"))
    }

    @Test func inputThatIsNotFourDimensional() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Conv2D(2, 3)
            var generator = RandomGenerator(seed: 0)
            layer.build(inputShape: [8, 8, 1], generator: &generator)
            _ = layer(Tensor.zeros([4, 64]))
        }
        #expect(
            stderr(result).contains(
                "Conv2D 'conv2d' expects inputs of shape [batch, height, width, channels], got [4, 64]"))
    }

    @Test func buildWithAShapeThatIsNotAnImage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Sequential(inputShape: [64]) { Conv2D(2, 3) }
        }
        #expect(
            stderr(result).contains(
                "Conv2D 'conv2d' on input [64]: it needs images of shape [height, width, channels]"))
    }

    @Test func wrongNumberOfChannels() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let layer = Conv2D(2, 3)
            var generator = RandomGenerator(seed: 0)
            layer.build(inputShape: [8, 8, 1], generator: &generator)
            _ = layer(Tensor.zeros([1, 8, 8, 3]))
        }
        #expect(stderr(result).contains("Conv2D 'conv2d' was built for 1 input channels, got input shape [1, 8, 8, 3]"))
    }

    @Test func nonPositiveFilters() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(0, 3)
        }
        #expect(stderr(result).contains("Conv2D 'conv2d': filters must be positive, got 0"))
    }

    @Test func nonPositiveStride() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(4, 3, strides: 0)
        }
        #expect(stderr(result).contains("Conv2D 'conv2d': strides must be positive, got 0x0"))
    }

    @Test func nonPositiveKernelSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Conv2D(filters: 4, kernelSize: (3, 0))
        }
        #expect(stderr(result).contains("Conv2D 'conv2d': kernel size must be positive, got 3x0"))
    }

    @Test func nonPositivePoolSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPooling2D(0)
        }
        #expect(stderr(result).contains("MaxPooling2D 'max_pooling2d': pool size must be positive, got 0x0"))
    }

    @Test func nonPositivePoolStride() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AveragePooling2D(2, strides: -1)
        }
        #expect(stderr(result).contains("AveragePooling2D 'average_pooling2d': strides must be positive, got -1x-1"))
    }

    @Test func poolLargerThanTheInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = MaxPooling2D(3)(Tensor.zeros([1, 2, 2, 1]))
        }
        #expect(stderr(result).contains("MaxPooling2D 'max_pooling2d': pool 3x3 is larger than the input 2x2 (padding valid)"))
    }

    @Test func poolOnAnInputThatIsNotFourDimensional() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AveragePooling2D(2)(Tensor.zeros([4, 4, 1]))
        }
        #expect(
            stderr(result).contains(
                "AveragePooling2D 'average_pooling2d' expects inputs of shape [batch, height, width, channels], got [4, 4, 1]"))
    }

    @Test func dropoutRateOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Dropout(rate: 1)
        }
        #expect(stderr(result).contains("Dropout 'dropout': rate must be in [0, 1), got 1.0"))
    }

    @Test func reshapeToTheWrongSize() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Sequential(inputShape: [10]) { Reshape([3, 3]) }
        }
        #expect(
            stderr(result).contains(
                "Reshape 'reshape' on input [10]: cannot reshape 10 elements to [3, 3] (9 elements)"))
    }
}
