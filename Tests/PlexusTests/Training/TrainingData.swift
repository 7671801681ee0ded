@testable import Plexus

/// Small generated data sets with known answers.
enum TrainingData {
    /// `count` points per class around `centers`, spread `spread`; labels are class indices.
    static func blobs(centers: [[Float]], count: Int, spread: Float, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        var features: [Float] = [], labels: [Float] = []
        for _ in 0..<count {
            for (label, center) in centers.enumerated() {
                for value in center { features.append(value + spread * generator.nextNormal()) }
                labels.append(Float(label))
            }
        }
        return (Tensor(shape: [labels.count, centers[0].count], scalars: features), Tensor(labels))
    }

    /// y = x · w + b exactly, x uniform in [-1, 1).
    static func linear(weights: [Float], bias: Float, rows: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.uniform([rows, weights.count], low: -1, high: 1, using: &generator)
        let y = matmul(x, Tensor(shape: [weights.count, 1], scalars: weights)) + bias
        return (x, y)
    }
}
