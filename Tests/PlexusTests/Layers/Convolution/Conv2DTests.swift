import Testing

@testable import Plexus

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Conv2D: forward against a nested-loop reference, gradients against finite differences,
/// shapes and parameters as Keras gives them.
@Suite struct Conv2DTests {
    typealias F = ConvolutionFixtures

    /// Shapes covering one and several channels, square and non-square kernels, both paddings
    /// and strides 1 and 2: (image [h, w, c], filters, kernel, strides, padding).
    static let cases: [([Int], Int, (Int, Int), (Int, Int), Padding)] = [
        ([6, 6, 1], 2, (3, 3), (1, 1), .valid),
        ([6, 6, 1], 2, (3, 3), (1, 1), .same),
        ([7, 5, 3], 4, (3, 3), (2, 2), .valid),
        ([7, 5, 3], 4, (3, 3), (2, 2), .same),
        ([5, 6, 2], 3, (2, 3), (1, 2), .same),
        ([6, 7, 2], 3, (3, 2), (2, 1), .valid),
        ([4, 4, 3], 2, (4, 4), (1, 1), .same),
        ([8, 8, 4], 5, (1, 1), (1, 1), .valid),
    ]

    @Test(arguments: 0..<cases.count)
    func forwardMatchesTheNestedLoopReference(_ index: Int) throws {
        let (image, filters, kernel, strides, padding) = Conv2DTests.cases[index]
        let layer = F.builtConv(
            Conv2D(filters: filters, kernelSize: kernel, strides: strides, padding: padding), imageShape: image,
            seed: UInt64(index))
        let x = F.uniform([3] + image, seed: 100 + UInt64(index))
        let output = layer(x)
        let expected = F.referenceConvolution(
            x, layer.kernel!.value, layer.bias!.value, strides: strides, padding: padding)
        #expect(output.shape == expected.shape)
        #expect(try output.shape == [3] + layer.outputShape(forInputShape: image))
        #expect(F.maxDifference(output, expected) < 1e-4)
    }

    @Test func forwardMatchesTheReferenceInLargeParallelBatches() {
        // Large enough that im2col splits the batch over the cores; the 300-image inference
        // call also runs in several chunks of columns. Check a sample from each end.
        let layer = F.builtConv(Conv2D(8, 3, padding: .same), imageShape: [13, 13, 32], seed: 5)
        for batch in [16, 300] {
            let x = F.uniform([batch, 13, 13, 32], seed: UInt64(batch))
            let output = layer(x)
            #expect(output.shape == [batch, 13, 13, 8])
            for row in [0, batch - 1] {
                let reference = F.referenceConvolution(
                    x.rows(row..<(row + 1)), layer.kernel!.value, layer.bias!.value, strides: (1, 1), padding: .same)
                #expect(F.maxDifference(output.rows(row..<(row + 1)), reference) < 1e-4)
            }
        }
    }

    /// The batch runs in chunks of images, the chunks in groups, and the kernel gradient sums
    /// a group's chunks: the gradients of a whole batch must equal those of its
    /// images one by one (each a single chunk, checked against finite differences below).
    @Test(arguments: [Padding.valid, .same])
    func chunkedBatchGradientsEqualThoseOfSingleImages(_ padding: Padding) {
        let image = [12, 12, 8]
        let layer = F.builtConv(Conv2D(16, 3, padding: padding, activation: .relu), imageShape: image, seed: 9)
        // 7,200 (valid) or 10,368 (same) column floats an image and 1,600 or 2,304 output floats:
        // 14 or 10 images a chunk, so 40 images make 3 or 4 chunks, each a group of its own.
        let batch = 40
        let geometry = layer.window.geometry(forBatchShape: [batch] + image, layer: layer.label)
        #expect(geometry.imagesPerChunk(units: 16) == (padding == .valid ? 14 : 10))
        #expect(geometry.chunkGroups(units: 16) == (padding == .valid ? 3 : 4))
        let x = F.uniform([batch] + image, seed: 10)
        let kernel = layer.kernel!.value, bias = layer.bias!.value
        func gradients(_ images: Tensor) -> [Tensor] {
            let shape = layer.window.geometry(forBatchShape: images.shape, layer: layer.label)
            return valueWithGradient(at: [images, kernel, bias]) { inputs in
                let output = layer.convolve(inputs[0], inputs[1], inputs[2], geometry: shape)
                return (output * F.uniform(output.shape, seed: 11)).sum()
            }.gradients
        }
        let whole = gradients(x)
        let single = (0..<batch).map { row in
            valueWithGradient(at: [x.rows(row..<(row + 1)), kernel, bias]) { inputs in
                let shape = layer.window.geometry(forBatchShape: inputs[0].shape, layer: layer.label)
                let output = layer.convolve(inputs[0], inputs[1], inputs[2], geometry: shape)
                let weights = F.uniform([batch] + Array(output.shape.dropFirst()), seed: 11).rows(row..<(row + 1))
                return (output * weights).sum()
            }.gradients
        }
        let dx = Tensor.concatenate(single.map { $0[0] }, alongAxis: 0)
        let dw = single.dropFirst().reduce(single[0][1]) { $0 + $1[1] }
        let db = single.dropFirst().reduce(single[0][2]) { $0 + $1[2] }
        #expect(F.maxDifference(whole[0], dx) < 1e-5)
        #expect(F.maxDifference(whole[1], dw) < 1e-3)
        #expect(F.maxDifference(whole[2], db) < 1e-3)
        #expect(
            F.maxDifference(
                layer.convolve(x, kernel, bias, geometry: geometry),
                Tensor.concatenate((0..<batch).map { layer(x.rows($0..<($0 + 1))) }, alongAxis: 0)) < 1e-5)
    }

    @Test(arguments: 0..<cases.count)
    func gradientsWithRespectToInputKernelAndBias(_ index: Int) {
        let (image, filters, kernel, strides, padding) = Conv2DTests.cases[index]
        let layer = F.builtConv(
            Conv2D(filters: filters, kernelSize: kernel, strides: strides, padding: padding), imageShape: image,
            seed: UInt64(index))
        let x = F.uniform([2] + image, seed: 200 + UInt64(index))
        let geometry = layer.window.geometry(forBatchShape: x.shape, layer: layer.label)
        F.expectGradient(at: [x, layer.kernel!.value, layer.bias!.value]) { inputs in
            layer.convolve(inputs[0], inputs[1], inputs[2], geometry: geometry)
        }
    }

    @Test func gradientsWithoutBias() {
        let layer = F.builtConv(Conv2D(3, (2, 3), strides: (2, 1), padding: .same, useBias: false), imageShape: [5, 5, 2], seed: 1)
        #expect(layer.parameters.count == 1)
        let x = F.uniform([2, 5, 5, 2], seed: 2)
        let geometry = layer.window.geometry(forBatchShape: x.shape, layer: layer.label)
        F.expectGradient(at: [x, layer.kernel!.value]) { inputs in
            layer.convolve(inputs[0], inputs[1], nil, geometry: geometry)
        }
    }

    /// ReLU bends at 0: pick seeded data whose pre-activations all keep away from it, so a
    /// finite-difference step never crosses the kink.
    @Test(arguments: [Padding.valid, .same])
    func gradientsThroughReLU(_ padding: Padding) throws {
        let image = [4, 4, 2]
        var found: (Conv2D, Tensor)?
        for seed in UInt64(0)..<200 {
            let layer = F.builtConv(Conv2D(2, 3, strides: 1, padding: padding, activation: .relu), imageShape: image, seed: seed)
            let x = F.uniform([1] + image, seed: 1000 + seed)
            let linear = F.referenceConvolution(
                x, layer.kernel!.value, layer.bias!.value, strides: (1, 1), padding: padding)
            if linear.scalars.allSatisfy({ Swift.abs($0) > 0.03 }) {
                found = (layer, x)
                break
            }
        }
        let (layer, x) = try #require(found)
        let geometry = layer.window.geometry(forBatchShape: x.shape, layer: layer.label)
        let output = layer(x)
        #expect(output.scalars.contains(0) && output.scalars.contains { $0 > 0 }, "both sides of the kink")
        F.expectGradient(at: [x, layer.kernel!.value, layer.bias!.value]) { inputs in
            layer.convolve(inputs[0], inputs[1], inputs[2], geometry: geometry)
        }
    }

    @Test func gradientsOfTheLayerParametersInATrainingStep() {
        // Through Parameter and valueWithGradient(for:), as fit uses it; the input is not tracked.
        let layer = F.builtConv(Conv2D(3, 3, activation: .tanh), imageShape: [5, 5, 2], seed: 3)
        let x = F.uniform([2, 5, 5, 2], seed: 4)
        let (_, gradients) = valueWithGradient(for: layer.parameters) { layer(x, training: true).sum() }
        let kernel = layer.kernel!, bias = layer.bias!
        let check = checkGradient(
            of: { inputs in
                layer.convolve(x, inputs[0], inputs[1], geometry: layer.window.geometry(forBatchShape: x.shape, layer: "")).sum()
            }, at: [kernel.value, bias.value])
        #expect(check.maxRelativeError < 1e-2, "\(check)")
        #expect(F.maxDifference(gradients[kernel]!, check.analytic[0]) < 1e-5)
        #expect(F.maxDifference(gradients[bias]!, check.analytic[1]) < 1e-5)
    }

    @Test func shapesParametersAndInitialisation() throws {
        let layer = Conv2D(32, 3)
        #expect(layer.typeName == "Conv2D" && layer.name == "conv2d")
        #expect(try layer.outputShape(forInputShape: [28, 28, 1]) == [26, 26, 32])
        #expect(try Conv2D(8, 3, padding: .same).outputShape(forInputShape: [28, 28, 1]) == [28, 28, 8])
        #expect(try Conv2D(8, 3, strides: 2, padding: .same).outputShape(forInputShape: [7, 7, 1]) == [4, 4, 8])
        #expect(try Conv2D(8, 3, strides: 2).outputShape(forInputShape: [7, 7, 1]) == [3, 3, 8])
        #expect(try Conv2D(filters: 4, kernelSize: (1, 5)).outputShape(forInputShape: [3, 9, 2]) == [3, 5, 4])
        #expect(!layer.isBuilt && layer.parameters.isEmpty)

        var generator = RandomGenerator(seed: 0)
        layer.build(inputShape: [28, 28, 1], generator: &generator)
        #expect(layer.parameters.map(\.name) == ["kernel", "bias"])
        #expect(layer.kernel!.value.shape == [3, 3, 1, 32] && layer.bias!.value.shape == [32])
        #expect(layer.parameterCount == 320 && layer.inputChannels == 1)
        #expect(layer.bias!.value.scalars.allSatisfy { $0 == 0 })
        // glorot-uniform with fans kh*kw*in = 9 and kh*kw*out = 288.
        let limit = (6 / Float(9 + 288)).squareRoot()
        let values = layer.kernel!.value.scalars
        #expect(values.allSatisfy { Swift.abs($0) <= limit })
        #expect(values.map { Swift.abs($0) }.max()! > 0.8 * limit)
    }

    @Test func repeatedStepsReuseTheColumnsSafely() {
        // The column buffer is reused between calls; results must not change from step to step.
        let layer = F.builtConv(Conv2D(4, 3), imageShape: [6, 6, 2], seed: 9)
        let x = F.uniform([3, 6, 6, 2], seed: 10)
        let first = valueWithGradient(for: layer.parameters) { layer(x, training: true).sum() }
        let kernelGradient = first.gradients[layer.kernel!]!
        let inference = layer(x)
        for _ in 0..<3 {
            let again = valueWithGradient(for: layer.parameters) { layer(x, training: true).sum() }
            #expect(again.gradients[layer.kernel!]!.scalars == kernelGradient.scalars)
            #expect(layer(x).scalars == inference.scalars)
        }
    }

    /// The kernel and bias gradients are summed in groups of chunks whose number does not depend
    /// on the cores, so one thread and two give the same bits (in a child process: the thread
    /// count is global).
    @Test func gradientsHaveTheSameBitsOnAnyNumberOfThreads() async {
        await #expect(processExitsWith: .success) {
            let conv = ConvolutionFixtures.builtConv(
                Conv2D(filters: 64, kernelSize: 3, activation: .relu), imageShape: [13, 13, 32], seed: 3)
            let x = ConvolutionFixtures.uniform([16, 13, 13, 32], seed: 4)
            func gradients() -> [[UInt32]] {
                let (_, found) = valueWithGradient(for: conv.parameters) { conv.forward(x, training: true).sum() }
                return conv.parameters.map { found[$0]?.scalars.map(\.bitPattern) ?? [] }
            }
            ComputeConfiguration.current.threads = 2
            let two = gradients()
            ComputeConfiguration.current.threads = 1
            guard gradients() == two, !two[0].isEmpty else { exit(5) }
        }
    }
}
