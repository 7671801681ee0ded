import Testing
@testable import Plexus

/// Embedding: Keras's shapes and initialisation, the lookup, its gradient against finite
/// differences (repeated indices accumulate), and bad indices as thrown errors at every door.
@Suite struct EmbeddingTests {
    /// An embedding built with a known table: row i is [10 i, 10 i + 1, 10 i + 2].
    static func known() -> Embedding {
        let layer = Embedding(inputDim: 4, outputDim: 3)
        var generator = RandomGenerator(seed: 0)
        layer.build(inputShape: [2], generator: &generator)
        layer.embeddings!.value = Tensor(shape: [4, 3], scalars: (0..<4).flatMap { i in (0..<3).map { Float(10 * i + $0) } })
        return layer
    }

    @Test func shapesInitialisationAndSettings() throws {
        let layer = Embedding(inputDim: 1000, outputDim: 16)
        #expect(layer.typeName == "Embedding" && layer.name == "embedding" && layer.takesIndices)
        #expect(try layer.outputShape(forInputShape: [20]) == [20, 16])
        #expect(try layer.parameterShapes(forInputShape: [20]) == [ParameterShape("embeddings", [1000, 16])])
        var generator = RandomGenerator(seed: 3)
        layer.build(inputShape: [20], generator: &generator)
        #expect(layer.parameters.map(\.name) == ["embeddings"] && layer.parameterCount == 16_000)
        let values = layer.embeddings!.value.scalars
        #expect(values.allSatisfy { $0 >= -0.05 && $0 <= 0.05 })
        #expect(values.contains { $0 > 0.04 } && values.contains { $0 < -0.04 }, "the whole range is used")
    }

    @Test func looksUpRowsForSequencesAndSingleIndices() {
        let layer = EmbeddingTests.known()
        let output = layer(Tensor([[2, 0], [3, 3]]))
        #expect(output.shape == [2, 2, 3])
        #expect(output.scalars == [20, 21, 22, 0, 1, 2, 30, 31, 32, 30, 31, 32])
        let single = layer(Tensor(shape: [2], scalars: [1, 0]))
        #expect(single.shape == [2, 3] && single.scalars == [10, 11, 12, 0, 1, 2])
    }

    @Test func gradientOfTheTableMatchesFiniteDifferencesAndRepeatsAccumulate() {
        let layer = EmbeddingTests.known()
        layer.embeddings!.value = awayFromZero([4, 3], seed: 5)
        let table = layer.embeddings!
        // Index 1 three times, index 3 never.
        let x = Tensor([[1, 0, 1], [2, 1, 0]])
        let (_, gradients) = valueWithGradient(for: [table]) { weightedSum(layer(x, training: true)) }
        let check = checkGradient(
            of: { inputs in
                table.value = inputs[0]
                return weightedSum(layer(x))
            }, at: [table.value])
        #expect(check.maxRelativeError < gradientTolerance, "\(check)")
        let analytic = gradients[table]!
        #expect(zip(analytic.scalars, check.numeric[0].scalars).allSatisfy { Swift.abs($0 - $1) < 1e-2 })
        // Row 1 gets the sum of the weights of output rows 0, 2 and 4 (its three uses); row 3 nothing.
        let w = weights(for: [2, 3, 3]).scalars
        for j in 0..<3 {
            #expect(Swift.abs(analytic.scalars[3 + j] - (w[j] + w[6 + j] + w[12 + j])) < 1e-6)
            #expect(analytic.scalars[9 + j] == 0)
        }
    }

    @Test func badIndicesAreThrownErrorsNamingValuePositionAndInputDim() throws {
        let layer = EmbeddingTests.known()
        try layer.checkInput(Tensor([[0, 3], [2, 1]]))
        for (x, value, position) in [
            (Tensor([[0, 3], [4, 1]]), "4.0", "sample 1, position 0"),
            (Tensor([[0, 1.5]]), "1.5", "sample 0, position 1"),
            (Tensor([[-1, 0]]), "-1.0", "sample 0, position 0"),
        ] {
            do {
                try layer.checkInput(x)
                Issue.record("\(x) passed")
            } catch let error as TrainingError {
                #expect(error.description.contains("is \(value)") && error.description.contains(position), "\(error)")
                #expect(error.description.contains("inputDim 4"), "\(error)")
            }
        }
    }

    @Test func fitEvaluatePredictAndTrainOnBatchRefuseBadIndicesBeforeAnyWork() throws {
        let model = Sequential(inputShape: [3], seed: 1) {
            Embedding(inputDim: 5, outputDim: 2)
            GlobalAveragePooling1D()
            Dense(1)
        }
        model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 0.1))
        let before = model.weights.map(\.scalars)
        let bad = Tensor([[0, 1, 2], [4, 5, 1]]), y = Tensor(shape: [2, 1], scalars: [0, 1])
        #expect(throws: TrainingError.self) { try model.fit(bad, y, epochs: 1, verbose: .silent) }
        #expect(throws: TrainingError.self) { try model.trainOnBatch(bad, y) }
        #expect(throws: TrainingError.self) { try model.evaluate(bad, y) }
        #expect(throws: TrainingError.self) { try model.predict(bad) }
        do {
            _ = try model.predict(bad)
        } catch let error as TrainingError {
            #expect(
                error.description.hasPrefix("x: Embedding 'embedding'") && error.description.contains("sample 1, position 1 is 5.0"),
                "\(error)")
        }
        let good = Tensor([[0, 1, 2], [4, 3, 1]])
        #expect(throws: TrainingError.self) { try model.fit(good, y, epochs: 1, validationData: (bad, y), verbose: .silent) }
        #expect(model.weights.map(\.scalars) == before)
        try model.trainOnBatch(good, y)
        #expect(model.weights.map(\.scalars) != before)
    }

    @Test func indicesMustReachTheEmbeddingUnscaledAndFirst() {
        let scaled = Sequential(inputShape: [2], seed: 1) {
            Embedding(inputDim: 3, outputDim: 2)
            Flatten()
            Dense(1)
        }
        scaled.inputNormalization = Normalization(method: .standard, offset: [0, 0], scale: [1, 1])
        #expect(throws: TrainingError.self) { try scaled.predict(Tensor([[0, 1]])) }
        let late = Sequential(inputShape: [2], seed: 1) {
            Dense(2)
            Embedding(inputDim: 3, outputDim: 2)
            Flatten()
        }
        #expect(throws: TrainingError.self) { try late.predict(Tensor([[0, 1]])) }
    }

    @Test func specificationEntries() throws {
        let layer = try #require(try LayerSpecification.parse("embedding:1000:16")[0] as? Embedding)
        #expect(layer.inputDim == 1000 && layer.outputDim == 16)
        for bad in ["embedding", "embedding:10", "embedding:0:4", "embedding:10:x", "embedding:10:4:2"] {
            #expect(throws: TrainingError.self, "\(bad)") { try LayerSpecification.parse(bad) }
        }
    }
}
