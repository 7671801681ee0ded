import Foundation
import Testing
@testable import Plexus

/// Helpers shared by the loss tests.
enum LossTesting {
    /// Whether `actual` is within `tolerance` of `expected`, relative to max(|expected|, 1).
    static func isClose(_ actual: Float, _ expected: Double, tolerance: Double = 1e-5) -> Bool {
        Swift.abs(Double(actual) - expected) <= tolerance * Swift.max(Swift.abs(expected), 1)
    }

    /// Whether every element is close to the expected values.
    static func isClose(_ actual: Tensor, _ expected: [Double], tolerance: Double = 1e-5) -> Bool {
        actual.count == expected.count
            && zip(actual.scalars, expected).allSatisfy { isClose($0, $1, tolerance: tolerance) }
    }

    /// The gradient of `loss(predictions, labels)` with respect to the predictions, and its value.
    static func gradient(of loss: some Loss, _ predictions: Tensor, _ labels: Tensor) -> (value: Float, gradient: Tensor) {
        let (value, gradient) = valueWithGradient(at: predictions) { loss($0, labels) }
        return (value.scalar, gradient)
    }

    /// A seeded random tensor with elements in [low, high).
    static func random(_ shape: [Int], _ low: Float, _ high: Float, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform(shape, low: low, high: high, using: &generator)
    }

    /// Seeded random class indices in 0..<classes, as Float.
    static func randomLabels(_ count: Int, classes: Int, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor((0..<count).map { _ in Float(generator.nextInt(below: classes)) })
    }

    /// Seeded random soft labels: each row of `classes` non-negative values summing to 1.
    static func randomSoftLabels(_ rows: Int, classes: Int, seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        var values: [Float] = []
        for _ in 0..<rows {
            let row = (0..<classes).map { _ in generator.nextFloat() + 0.1 }
            let sum = row.reduce(0, +)
            values += row.map { $0 / sum }
        }
        return Tensor(shape: [rows, classes], scalars: values)
    }

    /// softmax(z) - onehot(y), divided by the number of rows: computed in Double, by hand.
    static func softmaxMinusOneHot(_ z: [[Double]], _ labels: [Int]) -> [Double] {
        var result: [Double] = []
        for (row, label) in zip(z, labels) {
            let largest = row.max()!
            let exps = row.map { Foundation.exp($0 - largest) }
            let sum = exps.reduce(0, +)
            for (j, e) in exps.enumerated() {
                result.append((e / sum - (j == label ? 1 : 0)) / Double(z.count))
            }
        }
        return result
    }
}

@Suite struct LossProtocolTests {
    private func name(of loss: any Loss) -> String { loss.name }
    private func nameGeneric(of loss: some Loss) -> String { loss.name }

    @Test func enumLikeSpellings() {
        #expect(name(of: .meanSquaredError) == "mean_squared_error")
        #expect(name(of: .binaryCrossentropy()) == "binary_crossentropy")
        #expect(name(of: .sparseCategoricalCrossentropy(fromLogits: true)) == "sparse_categorical_crossentropy")
        #expect(nameGeneric(of: .categoricalCrossentropy(fromLogits: true)) == "categorical_crossentropy")
        let loss: any Loss = .sparseCategoricalCrossentropy(fromLogits: true)
        #expect((loss as? SparseCategoricalCrossentropy)?.fromLogits == true)
        #expect(BinaryCrossentropy.binaryCrossentropy(fromLogits: true).fromLogits)
    }

    /// The loss is one recorded node with the predictions and labels as inputs; its value is
    /// the same whether recorded or not.
    @Test func recordsOneFusedNode() {
        let logits = Tensor([[2, 0, 0], [0, 1, 0]])
        let labels = Tensor([0, 2])
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let plain = loss(logits, labels)
        #expect(!plain.isTracked)
        #expect(plain.shape == [])
        _ = valueWithGradient(at: [logits, labels]) { inputs in
            let cost = loss(inputs[0], inputs[1])
            #expect(cost.isTracked)
            #expect(cost.shape == [])
            #expect(cost.scalar == plain.scalar)
            let nodes = GraphNode.nodes(reachingFrom: cost.node!)
            #expect(nodes.count == 3)  // the two leaves and the loss
            #expect(nodes.last?.operation == "sparse_categorical_crossentropy")
            return cost
        }
    }

    /// Labels get no gradient (zeros from valueWithGradient); a gradient flowing into the loss
    /// from a later node scales the predictions' gradient.
    @Test func labelsGetNoGradientAndUpstreamScales() {
        let z = Tensor([[0.5, -1, 2]])
        let y = Tensor([[0, 1, 0]])
        let loss = CategoricalCrossentropy(fromLogits: true)
        let (_, gradients) = valueWithGradient(at: [z, y]) { loss($0[0], $0[1]) }
        #expect(gradients[1] == Tensor.zeros([1, 3]))
        let (tripled, scaled) = valueWithGradient(at: z) { x in
            let cost = loss(x, y)
            return Tensor(cost.scalar * 3).recorded("times 3", inputs: [cost]) { [$0 * 3] }
        }
        #expect(LossTesting.isClose(tripled.scalar, 3 * Double(loss(z, y).scalar)))
        let expected = gradients[0].scalars.map { Double($0) * 3 }
        #expect(LossTesting.isClose(scaled, expected))
    }

    /// Through a Parameter, as a training step uses it.
    @Test func gradientReachesParameters() {
        let weights = Parameter(Tensor([[1, 2], [3, -1]]), name: "logits")
        let labels = Tensor([1, 0])
        let (value, gradients) = valueWithGradient(for: [weights]) {
            SparseCategoricalCrossentropy(fromLogits: true)(weights.tensor, labels)
        }
        // Row 0: log(e + e²) - 2 = 0.31326169; row 1: log(e³ + e⁻¹) - 3 = 0.01814993.
        #expect(LossTesting.isClose(value.scalar, (0.31326169 + 0.01814993) / 2))
        let expected = LossTesting.softmaxMinusOneHot([[1, 2], [3, -1]], [1, 0])
        #expect(LossTesting.isClose(gradients[weights]!, expected))
    }

    @Test func emptyBatchHasZeroLoss() {
        #expect(MeanSquaredError()(Tensor.zeros([0, 3]), Tensor.zeros([0, 3])).scalar == 0)
        #expect(SparseCategoricalCrossentropy()(Tensor.zeros([0, 3]), Tensor.zeros([0])).scalar == 0)
    }
}
