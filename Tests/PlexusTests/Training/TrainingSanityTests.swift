import Testing
@testable import Plexus

/// The math of training end to end: a custom loop on the course's smallest problems.
@Suite struct TrainingSanityTests {
    /// A 2-4-1 network learns XOR with sigmoid output, binary cross-entropy and Adam, written as
    /// a custom training loop: forward, loss, gradients, update.
    @Test func xorInACustomLoop() {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor([[0], [1], [1], [0]])
        let hidden = Dense(4, activation: .tanh), output = Dense(1, activation: .sigmoid)
        var generator = RandomGenerator(seed: 3)
        hidden.build(inputShape: [2], generator: &generator)
        output.build(inputShape: [4], generator: &generator)
        let parameters = hidden.parameters + output.parameters
        let optimizer = Adam(learningRate: 0.05)
        let loss = BinaryCrossentropy()
        var last: Float = .infinity
        for _ in 0..<1500 {
            let (value, gradients) = valueWithGradient(for: parameters) { loss(output(hidden(x)), y) }
            optimizer.update(parameters, with: gradients)
            last = value.scalar
        }
        #expect(last < 0.05, "XOR loss after training: \(last)")
        let predictions = output(hidden(x)).scalars
        #expect(predictions[0] < 0.5 && predictions[1] > 0.5 && predictions[2] > 0.5 && predictions[3] < 0.5)
    }

    /// A Dense(1) with mean squared error recovers y = 3x - 2.
    @Test func linearRegressionRecoversTheLine() {
        let (x, y) = TrainingData.linear(weights: [3], bias: -2, rows: 64, seed: 1)
        let layer = Dense(1)
        var generator = RandomGenerator(seed: 0)
        layer.build(inputShape: [1], generator: &generator)
        let optimizer = SGD(learningRate: 0.3)
        for _ in 0..<300 {
            let (_, gradients) = valueWithGradient(for: layer.parameters) { MeanSquaredError()(layer(x), y) }
            optimizer.update(layer.parameters, with: gradients)
        }
        #expect(Swift.abs(layer.kernel!.value.scalar - 3) < 0.01, "slope \(layer.kernel!.value.scalar)")
        #expect(Swift.abs(layer.bias!.value.scalar + 2) < 0.01, "intercept \(layer.bias!.value.scalar)")
    }

    /// With no parameter recording, a forward pass records nothing.
    @Test func inferenceRecordsNoGraph() {
        let layer = Dense(3, activation: .relu)
        let y = layer(Tensor([[1, 2]]))
        #expect(!y.isTracked)
    }

    /// Dense's fused node against finite differences, for every activation, with respect to
    /// its input, kernel and bias.
    @Test(arguments: [Activation.linear, .relu, .sigmoid, .tanh, .leakyRelu(), .softmax, .logSoftmax])
    func denseGradient(activation: Activation) {
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.uniform([5, 4], low: -1, high: 1, using: &generator)
        let w = Tensor.uniform([4, 3], low: -1, high: 1, using: &generator)
        let b = Tensor.uniform([3], low: -0.5, high: 0.5, using: &generator)
        let weights = Tensor.uniform([5, 3], low: -1, high: 1, using: &generator)
        let result = checkGradient(
            of: { inputs in
                (Dense.affine(inputs[0], inputs[1], inputs[2], activation: activation, name: "dense") * weights).sum()
            }, at: [x, w, b])
        #expect(result.maxRelativeError < 1e-2, "\(activation): \(result)")
    }
}
