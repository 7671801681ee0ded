import Testing
@testable import Plexus

/// The residual CNN preset: its graph, its size and that it learns.
@Suite struct ResidualCNNTests {
    @Test func hasTwoSkipConnectionsAndTheHandCountedParameters() throws {
        let model = try Model.residualCNN(inputShape: [28, 28, 1], classes: 10, seed: 1)
        #expect(model.layers.filter { $0 is Add }.count == 2)
        // Stem conv 320 + BN 128; block 1: 2 x (9248 + 128); block 2: 18496 + 256 + 36928 + 256
        // + projection 2112; dense 7 x 7 x 64 x 128 + 128 = 401,536 and 1290.
        #expect(model.layers.reduce(0) { $0 + $1.parameterCount } == 480_074)
        let summary = model.summaryText
        #expect(summary.contains("Add"))
        #expect(summary.contains("480,074"))
    }

    @Test func trainingOnASmallBatchLowersTheLoss() throws {
        let model = try Model.residualCNN(inputShape: [8, 8, 1], classes: 3, seed: 2)
        model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.001))
        var generator = RandomGenerator(seed: 3)
        let x = Tensor.normal([12, 8, 8, 1], using: &generator)
        let y = Tensor(shape: [12], scalars: (0..<12).map { Float($0 % 3) })
        let history = try model.fit(x, y, epochs: 8, batchSize: 12, verbose: .silent)
        #expect(history["loss"].last! < history["loss"].first!)
    }

    @Test func imagesTooSmallToPoolTwiceAreAThrownErrorNamingTheLayer() {
        #expect(throws: ArchitectureError.self) { try Model.residualCNN(inputShape: [1, 1, 1], classes: 10) }
        #expect(throws: ArchitectureError.self) { try Model.residualCNN(inputShape: [64], classes: 10) }
        #expect(throws: ArchitectureError.self) { try Model.residualCNN(inputShape: [8, 8, 1], classes: 0) }
    }

    @Test func aBatchWhoseActivationsPassTheLimitIsRefusedBeforeTraining() throws {
        let model = try Model.residualCNN(inputShape: [28, 28, 1], classes: 10, seed: 1)
        // About 110,000 values a sample: a million samples at once is ~880 GB.
        #expect(throws: ArchitectureError.self) { try model.checkActivations(batchSize: 1_000_000) }
        try model.checkActivations(batchSize: 32)
        // Inference keeps no gradients: a batch of 600 fits in inference (about 350 MB) where a
        // training batch of 600 (about 700 MB) would not.
        #expect(throws: ArchitectureError.self) { try model.checkActivations(batchSize: 600) }
        try model.checkActivations(batchSize: 600, training: false)
    }
}
