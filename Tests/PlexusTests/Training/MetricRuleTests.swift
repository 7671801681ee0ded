import Testing

@testable import Plexus

/// Each metric's batch sum and count against values worked out by hand from Keras's
/// definitions (keras/src/metrics/accuracy_metrics.py and regression_metrics.py), and a metric
/// that cannot pair outputs with labels refused before training.
struct MetricRuleTests {
    @Test func binaryAccuracyComparesTheThresholdedOutputWithTheLabel() {
        // Thresholded at 0.5: 1, 0, 1, 0. The soft label 0.8 is not 1, so the third is wrong.
        let total = MetricRule.binaryAccuracy(threshold: 0.5).batchTotal(
            predictions: Tensor([[0.9], [0.2], [0.7], [0.4]]), labels: Tensor([[1], [0], [0.8], [0]]))
        #expect(total.sum == 3 && total.count == 4)
    }

    @Test func errorsAndClassAccuracies() {
        let predictions = Tensor([[1, 2], [0.8, 0.2]])
        // |1-0| + |2-4| + |0.8-1| + |0.2-0| = 3.4; squares 1 + 4 + 0.04 + 0.04 = 5.08.
        let labels = Tensor([[0, 4], [1, 0]])
        let absolute = MetricRule.meanAbsoluteError.batchTotal(predictions: predictions, labels: labels)
        let squared = MetricRule.meanSquaredError.batchTotal(predictions: predictions, labels: labels)
        #expect(abs(absolute.sum - 3.4) < 1e-6 && absolute.count == 4)
        #expect(abs(squared.sum - 5.08) < 1e-6 && squared.count == 4)
        // Argmax 1 and 0 against classes 1 and 1; the same as one-hot rows.
        let sparse = MetricRule.sparseCategoricalAccuracy.batchTotal(predictions: predictions, labels: Tensor([1, 1]))
        let categorical = MetricRule.categoricalAccuracy.batchTotal(predictions: predictions, labels: Tensor([[0, 1], [0, 1]]))
        #expect(sparse.sum == 1 && sparse.count == 2)
        // A label that is no class index is wrong, not a stop (1e20 does not fit an Int).
        let odd = MetricRule.sparseCategoricalAccuracy.batchTotal(
            predictions: Tensor([[1, 2], [0.8, 0.2], [3, 1]]), labels: Tensor([1e20, 1.5, 0]))
        #expect(odd.sum == 1 && odd.count == 3)
        #expect(categorical.sum == 1 && categorical.count == 2)
    }

    /// mae or mse of class indices against a softmax's outputs pairs values that do not
    /// correspond (Keras stops on the shapes); it was read past the labels' end.
    @Test func aValueByValueMetricOnClassIndicesIsAClearError() throws {
        let (model, x, y) = OutputMetricsTests.twoOutputs()
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], optimizer: Adam(), metrics: [.meanAbsoluteError])
        for run in [{ _ = try model.evaluate([x], y) }, { _ = try model.fit([x], y, verbose: .silent) }] {
            #expect {
                try run()
            } throws: { error in
                (error as? TrainingError)?.kind == .shapeMismatch
                    && "\(error)".contains(
                        "the metric mae compares outputs and labels value by value, but the output 'cls' has 2 values a sample and its labels 1"
                    )
            }
        }
        let chain = Sequential([Dense(3)], inputShape: [3], seed: 1)
        chain.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(), metrics: [.meanSquaredError])
        #expect(throws: TrainingError.self) { try chain.evaluate(x, y[0]) }
        // Refused before the first step: nothing is trained.
        let before = chain.parameters.map(\.value)
        #expect(throws: TrainingError.self) { try chain.fit(x, y[0], verbose: .silent) }
        #expect(chain.parameters.map(\.value) == before)
    }
}
