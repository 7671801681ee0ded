import Foundation
@testable import Plexus

/// Shared helpers of the save/load, import and export tests.
enum IOTestSupport {
    /// A fresh folder for one test's files.
    static func folder() throws -> String {
        TestScratch.folder("plexus-io").path
    }

    /// Bit patterns, for exact comparisons (NaN-safe, -0 distinct from 0).
    static func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }

    /// A small dense classifier with input standardisation, trained a little.
    static func trainedDenseModel(seed: UInt64 = 3) throws -> (model: Sequential, x: Tensor, y: Tensor) {
        let data = TrainingData.blobs(centers: [[10, 200, -3], [12, 180, 0], [8, 220, 3]], count: 30, spread: 2, seed: seed)
        let model = Sequential(inputShape: [3], seed: seed) {
            Dense(8, activation: .relu)
            Dense(6, activation: .leakyRelu(slope: 0.1))
            Dense(3)
        }
        model.inputNormalization = Normalization.fit(data.x, method: .standard)
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        try model.fit(data.x, data.y, epochs: 3, batchSize: 16, verbose: .silent)
        return (model, data.x, data.y)
    }

    /// A small convolutional regression model with input and target scaling.
    static func convModel(seed: UInt64 = 5) -> (model: Sequential, x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.uniform([12, 6, 6, 2], low: 0, high: 255, using: &generator)
        let y = Tensor.uniform([12, 1], low: 100, high: 300, using: &generator)
        let model = Sequential(inputShape: [6, 6, 2], seed: seed) {
            Conv2D(filters: 4, kernelSize: 3, padding: .same, activation: .relu)
            MaxPooling2D(poolSize: 2)
            Conv2D(filters: 3, kernelSize: (2, 1), strides: (1, 1), activation: .tanh)
            AveragePooling2D(poolSize: 2, padding: .same)
            Flatten()
            Dropout(rate: 0.25)
            Dense(5, activation: .sigmoid)
            Dense(1)
        }
        model.inputNormalization = Normalization.fit(x.reshaped([12, -1]), method: .minMax)
        model.outputNormalization = Normalization.fit(y, method: .standard)
        model.compile(
            loss: .meanSquaredError, optimizer: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true), metrics: [.meanAbsoluteError])
        return (model, x, y)
    }
}
