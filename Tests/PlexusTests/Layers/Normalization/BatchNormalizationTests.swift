import Testing
@testable import Plexus

/// The values of `tensor`, checked within `tolerance` of `expected`.
func expectClose(_ tensor: Tensor, _ expected: [Float], tolerance: Float = 1e-6, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(tensor.count == expected.count, sourceLocation: sourceLocation)
    for (index, (value, wanted)) in zip(tensor.scalars, expected).enumerated() {
        #expect(Swift.abs(value - wanted) <= tolerance, "element \(index): \(value), expected \(wanted)", sourceLocation: sourceLocation)
    }
}

@Suite struct BatchNormalizationTests {
    /// Built for `channels`, with gamma and beta set (other than their starting 1 and 0).
    func layer(channels: Int, momentum: Float = 0.99, center: Bool = true, scale: Bool = true) -> BatchNormalization {
        let layer = BatchNormalization(momentum: momentum, center: center, scale: scale)
        var generator = RandomGenerator(seed: 1)
        layer.build(inputShape: [channels], generator: &generator)
        layer.gamma?.value = uniform([channels], 0.5, 1.5, seed: 2)
        layer.beta?.value = uniform([channels], -0.5, 0.5, seed: 3)
        return layer
    }

    @Test func startsAsKerasDoesWithWeightsInGetWeightsOrder() throws {
        let layer = BatchNormalization()
        var generator = RandomGenerator(seed: 1)
        layer.build(inputShape: [4, 4, 3], generator: &generator)
        #expect(layer.parameters.map(\.name) == ["gamma", "beta", "moving_mean", "moving_variance"])
        #expect(layer.parameters.map(\.isTrainable) == [true, true, false, false])
        #expect(layer.parameters.map(\.value) == [Tensor.ones([3]), Tensor.zeros([3]), Tensor.zeros([3]), Tensor.ones([3])])
        #expect(try layer.parameterShapes(forInputShape: [4, 4, 3]).map(\.name) == layer.parameters.map(\.name))
        let bare = BatchNormalization(center: false, scale: false)
        bare.build(inputShape: [2], generator: &generator)
        #expect(bare.parameters.map(\.name) == ["moving_mean", "moving_variance"])
        #expect(
            try bare.parameterShapes(forInputShape: [2]) == [ParameterShape("moving_mean", [2]), ParameterShape("moving_variance", [2])])
    }

    /// Channel 0 holds 1 and 3 (mean 2, variance 1), channel 1 holds 2 and 6 (mean 4, variance 4).
    @Test func trainingUsesTheBatchStatisticsAndMovesTheAverages() {
        let layer = BatchNormalization()
        let x = Tensor([[1, 2], [3, 6]])
        let y = layer(x, training: true)
        let a = 1 / (1 + Float(1e-3)).squareRoot(), b = 2 / (4 + Float(1e-3)).squareRoot()
        expectClose(y, [-a, -b, a, b])
        expectClose(layer.movingMean!.value, [0.02, 0.04])
        expectClose(layer.movingVariance!.value, [1, 1.03])
        // Once more: the averages move again, from where they are.
        _ = layer(x, training: true)
        expectClose(layer.movingMean!.value, [0.02 * 0.99 + 0.02, 0.04 * 0.99 + 0.04])
    }

    @Test func inferenceUsesTheMovingStatisticsAndChangesNothing() {
        let layer = self.layer(channels: 2)
        layer.movingMean!.value = Tensor([1, -2])
        layer.movingVariance!.value = Tensor([4, 0.25])
        let (gamma, beta) = (layer.gamma!.value.scalars, layer.beta!.value.scalars)
        let x = Tensor([[3, 0], [-1, -2]])
        let y = layer(x, training: false)
        let eps: Float = 1e-3
        func expected(_ value: Float, _ j: Int, mean: Float, variance: Float) -> Float {
            gamma[j] * (value - mean) / (variance + eps).squareRoot() + beta[j]
        }
        expectClose(
            y,
            [
                expected(3, 0, mean: 1, variance: 4), expected(0, 1, mean: -2, variance: 0.25),
                expected(-1, 0, mean: 1, variance: 4), expected(-2, 1, mean: -2, variance: 0.25),
            ])
        #expect(layer.movingMean!.value == Tensor([1, -2]))
        #expect(layer.movingVariance!.value == Tensor([4, 0.25]))
    }

    /// Images: one statistic per channel over the batch and every position.
    @Test func imagesAreNormalizedPerChannelOverBatchAndPositions() {
        let x = uniform([3, 4, 5, 11], -2, 3, seed: 4)
        let layer = BatchNormalization(momentum: 0, center: false, scale: false)
        let y = layer(x, training: true)
        let rows = y.reshaped([-1, 11])
        let mean = rows.mean(alongAxis: 0), variance = (rows * rows).mean(alongAxis: 0)
        expectClose(mean, [Float](repeating: 0, count: 11), tolerance: 1e-5)
        expectClose(variance, [Float](repeating: 1, count: 11), tolerance: 1e-3)  // var / (var + eps), var about 2
        // Momentum 0: the moving statistics are the batch's own, so inference now gives the same.
        expectClose(layer(x, training: false), y.scalars, tolerance: 1e-5)
    }

    /// 11 channels: the kernels' vector lanes (8) and their scalar tail (3) both.
    @Test func trainingGradientGoesThroughTheBatchStatistics() {
        for shape in [[6, 3], [2, 3, 2, 3], [5, 11]] {
            let x = awayFromZero(shape, seed: 5)
            let channels = shape[shape.count - 1]
            let gamma = uniform([channels], 0.5, 1.5, seed: 6), beta = uniform([channels], -0.5, 0.5, seed: 7)
            expectGradient(at: [x, gamma, beta]) { t in
                let moments = ChannelMoments(t[0], channels: channels)
                return BatchNormalization.normalize(
                    t[0], mean: moments.mean, variance: moments.variance, gamma: t[1], beta: t[2], epsilon: 1e-3,
                    throughStatistics: true)
            }
            // The layer's own path, input gradient only, with and without gamma and beta.
            for (center, scale) in [(true, true), (false, false), (true, false)] {
                let layer = self.layer(channels: channels, center: center, scale: scale)
                expectGradient(at: [x]) { layer($0[0], training: true) }
            }
        }
    }

    @Test func inferenceGradientTreatsTheStatisticsAsConstants() {
        let layer = self.layer(channels: 3)
        layer.movingMean!.value = Tensor([0.5, -1, 0])
        layer.movingVariance!.value = Tensor([2, 0.5, 1])
        let x = awayFromZero([4, 3], seed: 8)
        expectGradient(at: [x]) { layer($0[0], training: false) }
        let moments = (mean: layer.movingMean!.value.scalars, variance: layer.movingVariance!.value.scalars)
        expectGradient(at: [x, layer.gamma!.value, layer.beta!.value]) { t in
            BatchNormalization.normalize(
                t[0], mean: moments.mean, variance: moments.variance, gamma: t[1], beta: t[2], epsilon: 1e-3,
                throughStatistics: false)
        }
    }

    /// Training moves gamma and beta by the optimizer and the moving statistics by the batch
    /// only: with the layer first, the moving mean after one step is 0.01 x the batch mean.
    @Test func optimizersNeverTouchTheMovingStatistics() throws {
        let x = uniform([8, 3], 1, 3, seed: 9)
        let y = uniform([8, 1], -1, 1, seed: 10)
        for optimizer in [
            SGD(learningRate: 0.5, momentum: 0.9), Adam(learningRate: 0.5), RMSprop(learningRate: 0.5), AdamW(learningRate: 0.5),
        ] as [any Optimizer] {
            let model = Sequential(inputShape: [3], seed: 1) {
                BatchNormalization()
                Dense(1)
            }
            model.compile(loss: .meanSquaredError, optimizer: optimizer)
            #expect(model.trainableParameters.map(\.name) == ["gamma", "beta", "kernel", "bias"])
            try model.trainOnBatch(x, y)
            let layer = try #require(model.layers[0] as? BatchNormalization)
            let batch = ChannelMoments(x, channels: 3)
            expectClose(layer.movingMean!.value, batch.mean.map { $0 * 0.01 })
            expectClose(layer.movingVariance!.value, batch.variance.map { 0.99 + $0 * 0.01 })
            #expect(layer.gamma!.value != Tensor.ones([3]), "\(optimizer) left gamma alone")
        }
    }

    @Test func aScalarSampleIsAnArchitectureError() throws {
        #expect(throws: ArchitectureError.self) { try BatchNormalization().outputShape(forInputShape: []) }
        #expect(throws: ArchitectureError.self) { try BatchNormalization().parameterShapes(forInputShape: []) }
        do {
            _ = try BatchNormalization().outputShape(forInputShape: [])
        } catch let error as ArchitectureError {
            #expect(error.kind == .shapeMismatch)
            #expect(error.description.contains("channel axis"))
        }
        let built = layer(channels: 3)
        #expect(throws: ArchitectureError.self) { try built.outputShape(forInputShape: [4]) }
        #expect(try built.outputShape(forInputShape: [5, 3]) == [5, 3])
    }

    @Test func layerListTokens() throws {
        let layers = try LayerSpecification.parse("conv:4:3,batchnorm,relu,batchnorm:0.9,batchnorm:0.5:1e-5,flatten,2")
        let norms = layers.compactMap { $0 as? BatchNormalization }
        #expect(norms.map(\.momentum) == [0.99, 0.9, 0.5])
        #expect(norms.map(\.epsilon) == [1e-3, 1e-3, 1e-5])
        for bad in ["batchnorm:1.5", "batchnorm:0.9:0", "batchnorm:0.9:-1", "batchnorm:x", "batchnorm:0.9:1e-3:7", "batchnorm:nan"] {
            #expect(throws: TrainingError.self, "\(bad)") { try LayerSpecification.parse("4,\(bad),2") }
        }
    }

    @Test func savedSettingsAreChecked() throws {
        var settings = BatchNormalization(momentum: 0.8, epsilon: 1e-4, center: false).settings
        let rebuilt = try BatchNormalization(settings: settings, name: "bn")
        #expect(rebuilt.settings == settings && !rebuilt.center && rebuilt.scale && rebuilt.momentum == 0.8)
        settings.set("momentum", 2)
        #expect(throws: LayerSettingsError.self) { try BatchNormalization(settings: settings, name: "bn") }
        settings.set("momentum", 0.5)
        settings.set("epsilon", 0)
        #expect(throws: LayerSettingsError.self) { try BatchNormalization(settings: settings, name: "bn") }
        // Absent settings take Keras's defaults.
        let defaults = try BatchNormalization(settings: LayerSettings(), name: "bn")
        #expect(defaults.momentum == 0.99 && defaults.epsilon == 1e-3 && defaults.center && defaults.scale)
    }
}
