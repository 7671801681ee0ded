import Testing

@testable import Plexus

/// A convolution and the max pool after it as one pass (`Conv2D.forwardPooled`): the bits of
/// the two layers one after the other, forward and backward, and out of the way where it does
/// not apply.
@Suite struct ConvolutionPoolingTests {
    typealias Fixtures = ConvolutionFixtures

    struct Case: CustomStringConvertible {
        var input: [Int]
        var filters: Int
        var kernel: Int
        var activation: Activation
        var useBias: Bool
        var pool: Int
        var poolStride: Int
        var description: String { "\(input) conv \(filters)x\(kernel) \(activation) bias \(useBias) pool \(pool)/\(poolStride)" }
    }

    static let cases = [
        // Windows that tile the output, whole vectors of channels: the pool's gradient is stored.
        Case(input: [3, 10, 10, 1], filters: 8, kernel: 3, activation: .relu, useBias: true, pool: 2, poolStride: 2),
        // A last row and column no window covers, and a tail of channels: added to zeros.
        Case(input: [3, 11, 9, 2], filters: 5, kernel: 3, activation: .relu, useBias: true, pool: 2, poolStride: 2),
        // Tiles with a vector and a tail of channels, linear, no bias.
        Case(input: [2, 8, 8, 3], filters: 12, kernel: 3, activation: .linear, useBias: false, pool: 2, poolStride: 2),
        // Gaps between the windows.
        Case(input: [2, 9, 9, 2], filters: 8, kernel: 2, activation: .relu, useBias: true, pool: 2, poolStride: 3),
        // 3x3 windows over 10x10, one short of covering.
        Case(input: [2, 12, 12, 1], filters: 16, kernel: 3, activation: .relu, useBias: false, pool: 3, poolStride: 3),
    ]

    private func layers(_ c: Case, seed: UInt64) -> (Conv2D, MaxPooling2D) {
        let conv = Fixtures.builtConv(
            Conv2D(filters: c.filters, kernelSize: c.kernel, activation: c.activation, useBias: c.useBias),
            imageShape: Array(c.input.dropFirst()), seed: seed)
        return (conv, MaxPooling2D(poolSize: c.pool, strides: c.poolStride))
    }

    /// The output and the gradients by the input (when tracked), the kernel and the bias of
    /// `pass` reduced by fixed weights.
    private func outputAndGradients(
        _ conv: Conv2D, input: Tensor, trackInput: Bool, _ pass: @escaping (Tensor) -> Tensor
    ) -> (output: Tensor, gradients: [Tensor?]) {
        let x = Parameter(input, name: "x")
        let output = pass(input)
        let weights = Fixtures.uniform(output.shape, seed: 17)
        let parameters = (trackInput ? [x] : []) + conv.parameters
        let (_, gradients) = valueWithGradient(for: parameters) { (pass(trackInput ? x.tensor : input) * weights).sum() }
        return (output, [trackInput ? gradients[x] : nil] + conv.parameters.map { gradients[$0] })
    }

    @Test(arguments: cases)
    func theBitsOfTheTwoLayersOneAfterTheOther(_ c: Case) throws {
        for trackInput in [false, true] {
            let (conv, pool) = layers(c, seed: 5)
            let x = Fixtures.uniform(c.input, seed: 3)
            let fused = outputAndGradients(conv, input: x, trackInput: trackInput) { conv.forwardPooled($0, then: pool)! }
            let separate = outputAndGradients(conv, input: x, trackInput: trackInput) {
                pool.forward(conv.forward($0, training: true), training: true)
            }
            #expect(fused.output.shape == separate.output.shape, "\(c)")
            #expect(fused.output.scalars.map(\.bitPattern) == separate.output.scalars.map(\.bitPattern), "\(c)")
            for (index, (a, b)) in zip(fused.gradients, separate.gradients).enumerated() {
                #expect((a == nil) == (b == nil), "\(c) gradient \(index)")
                guard let a, let b else { continue }
                #expect(a.shape == b.shape)
                #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern), "\(c) gradient \(index), input tracked \(trackInput)")
            }
        }
    }

    /// Ties everywhere (a constant image): each gradient goes to its window's first maximum,
    /// as the pool alone sends it.
    @Test func tiesGoToTheFirstMaximumAsThePoolSendsThem() {
        let c = Case(input: [2, 6, 6, 1], filters: 8, kernel: 3, activation: .linear, useBias: true, pool: 2, poolStride: 2)
        let (conv, pool) = layers(c, seed: 8)
        let x = Tensor(shape: c.input, repeating: 0.5)
        let fused = outputAndGradients(conv, input: x, trackInput: true) { conv.forwardPooled($0, then: pool)! }
        let separate = outputAndGradients(conv, input: x, trackInput: true) {
            pool.forward(conv.forward($0, training: true), training: true)
        }
        for (a, b) in zip(fused.gradients, separate.gradients) {
            #expect(a?.scalars.map(\.bitPattern) == b?.scalars.map(\.bitPattern))
        }
    }

    /// Central finite differences through the fused pass, by the input.
    @Test func theInputGradientMatchesFiniteDifferences() {
        let c = Case(input: [2, 7, 7, 2], filters: 4, kernel: 2, activation: .relu, useBias: true, pool: 2, poolStride: 2)
        let (conv, pool) = layers(c, seed: 9)
        Fixtures.expectGradient(at: [Fixtures.distinct(c.input, seed: 4)]) { conv.forwardPooled($0[0], then: pool)! }
    }

    @Test func outOfTheWayWhereItDoesNotApply() {
        let x = Fixtures.uniform([1, 8, 8, 1], seed: 1)
        let relu = Fixtures.builtConv(Conv2D(filters: 4, kernelSize: 3, activation: .relu), imageShape: [8, 8, 1], seed: 1)
        let tanh = Fixtures.builtConv(Conv2D(filters: 4, kernelSize: 3, activation: .tanh), imageShape: [8, 8, 1], seed: 1)
        #expect(relu.forwardPooled(x, then: MaxPooling2D(2)) != nil)
        #expect(tanh.forwardPooled(x, then: MaxPooling2D(2)) == nil, "an activation finished after the product")
        #expect(relu.forwardPooled(x, then: MaxPooling2D(poolSize: 2, strides: 1)) == nil, "overlapping windows")
        // 'same' 4x4 windows over the 5x5 output of a 7x7 image: a row and column of padding before.
        let seven = Fixtures.builtConv(Conv2D(filters: 4, kernelSize: 3, activation: .relu), imageShape: [7, 7, 1], seed: 1)
        let padded = MaxPooling2D(poolSize: 4, strides: 4, padding: .same)
        #expect(seven.forwardPooled(Fixtures.uniform([1, 7, 7, 1], seed: 1), then: padded) == nil, "padding before")
        #expect(relu.forwardPooled(Fixtures.uniform([1, 8, 8, 2], seed: 1), then: MaxPooling2D(2)) == nil, "wrong channels")
    }

    /// A Sequential takes the fused pass for a convolution followed by a pool: its output and a
    /// training step match the same layers run one by one, in a graph.
    @Test func aSequentialTakesItWithTheSameResults() throws {
        func layers() -> [any Layer] {
            [
                Conv2D(filters: 8, kernelSize: 3, activation: .relu), MaxPooling2D(2),
                Conv2D(filters: 16, kernelSize: 3, activation: .relu), MaxPooling2D(2), Flatten(), Dense(3),
            ]
        }
        let chain = Sequential(layers(), inputShape: [14, 14, 1], seed: 4)
        let input = Input(shape: [14, 14, 1])
        let output = layers().reduce(input) { symbol, layer in layer(symbol) }
        let graph = Model(inputs: [input], outputs: [output], seed: 4)
        graph.setWeights(chain.weights)
        let x = Fixtures.uniform([5, 14, 14, 1], seed: 2), y = Tensor([0, 1, 2, 1, 0])
        #expect(chain(x).scalars.map(\.bitPattern) == graph([x])[0].scalars.map(\.bitPattern))
        for model in [chain, graph] as [Model] {
            model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
            try model.trainOnBatch(x, y)
        }
        for (a, b) in zip(chain.weights, graph.weights) {
            #expect(a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
        }
    }
}
