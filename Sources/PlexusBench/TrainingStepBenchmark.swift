import Plexus

/// Times one training step of the course's network (784-25-15-10, ReLU, logits, sparse
/// categorical cross-entropy, Adam) at batch 32: forward pass recording the graph, backward
/// pass, optimizer update.
///
/// To show what the graph and the bookkeeping cost, it also times the step's matrix products
/// alone (the same eight products, back to back); the difference is the time spent outside
/// the matrix kernels.
public enum TrainingStepBenchmark {
    /// Median times, in microseconds.
    public struct Result: Sendable {
        /// One whole step: forward, backward, update.
        public var stepMicroseconds: Double
        /// The step's eight matrix products alone.
        public var matmulMicroseconds: Double
        /// Everything else: graph recording and walking, activations, loss, bias sums, Adam.
        public var outsideMatmulMicroseconds: Double { stepMicroseconds - matmulMicroseconds }
    }

    /// Times training steps of the 784-25-15-10 network on random data: `rounds` rounds of
    /// `stepsPerRound` steps at `batchSize`, reporting the median round.
    public static func run(batchSize: Int = 32, rounds: Int = 7, stepsPerRound: Int = 300) -> Result {
        var generator = RandomGenerator(seed: 1)
        let x = Tensor.uniform([batchSize, 784], using: &generator)
        let y = Tensor((0..<batchSize).map { Float($0 % 10) })
        let model = Sequential(inputShape: [784], seed: 1) {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)
        }
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let optimizer = Adam()
        let parameters = model.trainableParameters
        // In the floating-point mode fit's steps run in (subnormals flushed, by default).
        func step() {
            withSubnormalsFlushed {
                let (_, gradients) = valueWithGradient(for: parameters) { loss(model(x), y) }
                optimizer.update(parameters, with: gradients)
            }
        }
        // The same products a step computes: three forward, three weight gradients, and the
        // input gradients of the second and third layers (the first layer's input needs none).
        let widths = [784, 25, 15, 10]
        let activations = widths.map { Tensor.uniform([batchSize, $0], using: &generator) }
        let kernels = (0..<3).map { Tensor.uniform([widths[$0], widths[$0 + 1]], using: &generator) }
        func products() {
            var sink: Float = 0
            for layer in 0..<3 {
                sink += first(matmul(activations[layer], kernels[layer]))
                sink += first(matmul(activations[layer], activations[layer + 1], transposeA: true))
                if layer > 0 { sink += first(matmul(activations[layer + 1], kernels[layer], transposeB: true)) }
            }
            blackHole(sink)
        }
        let clock = ContinuousClock()
        for _ in 0..<Swift.min(50, stepsPerRound) {
            step()
            products()
        }
        var stepTimes: [Double] = [], productTimes: [Double] = []
        for _ in 0..<rounds {
            stepTimes.append(clock.measure { for _ in 0..<stepsPerRound { step() } }.seconds * 1e6 / Double(stepsPerRound))
            productTimes.append(clock.measure { for _ in 0..<stepsPerRound { products() } }.seconds * 1e6 / Double(stepsPerRound))
        }
        return Result(stepMicroseconds: median(stepTimes), matmulMicroseconds: median(productTimes))
    }

    /// Reads one element, so the optimizer cannot drop the product, without copying the rest.
    @inline(never)
    static func first(_ t: Tensor) -> Float { t.withUnsafeBufferPointer { $0[0] } }

    @inline(never)
    static func blackHole(_ value: Float) {}
}
