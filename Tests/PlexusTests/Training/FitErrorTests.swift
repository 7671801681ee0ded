import Testing
@testable import Plexus

/// Mistakes in the data are thrown before training, naming the shapes.
@Suite struct FitErrorTests {
    func compiledModel() -> Sequential {
        let net = Sequential(seed: 0) {
            Dense(4, activation: .relu)
            Dense(3)
        }
        net.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        return net
    }

    func expectError(_ kind: TrainingError.Kind, mentioning words: [String], _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a \(kind) error")
        } catch let error as TrainingError {
            #expect(error.kind == kind, "\(error)")
            for word in words { #expect(error.description.contains(word), "'\(error)' should mention \(word)") }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func rowsOfXAndYDiffer() {
        expectError(.shapeMismatch, mentioning: ["[5, 2]", "[4]"]) {
            try compiledModel().fit(Tensor.zeros([5, 2]), Tensor.zeros([4]), verbose: 0)
        }
    }

    @Test func labelOutOfRange() {
        expectError(.labelOutOfRange, mentioning: ["label 3.0", "3 classes"]) {
            try compiledModel().fit(Tensor.zeros([2, 2]), Tensor([0, 3]), verbose: 0)
        }
    }

    @Test func inputWidthDiffersFromTheModel() throws {
        let net = compiledModel()
        try net.fit(Tensor.zeros([2, 2]), Tensor([0, 1]), verbose: 0)
        expectError(.shapeMismatch, mentioning: ["[2]", "[5]"]) {
            try net.fit(Tensor.zeros([3, 5]), Tensor([0, 1, 2]), verbose: 0)
        }
        expectError(.shapeMismatch, mentioning: ["[2]", "[7]"]) { _ = try net.predict(Tensor.zeros([1, 7])) }
    }

    @Test func fitBeforeCompile() {
        expectError(.notCompiled, mentioning: ["compiled"]) {
            try Sequential(seed: 0) { Dense(1) }.fit(Tensor.zeros([2, 2]), Tensor.zeros([2, 1]), verbose: 0)
        }
    }

    @Test func nonFiniteFeatures() {
        expectError(.nonFiniteValue, mentioning: ["non-finite", "sample 1"]) {
            try compiledModel().fit(Tensor([[0, 1], [Float.nan, 2]]), Tensor([0, 1]), verbose: 0)
        }
    }

    @Test func warnsOnceAboutSoftmaxOutputWithLogitsLoss() {
        let net = Sequential(seed: 0) { Dense(3, activation: .softmax) }
        net.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(net.outputActivationWarning()?.contains("fromLogits: true") == true)
        let linear = Sequential(seed: 0) { Dense(3) }
        linear.compile(loss: .sparseCategoricalCrossentropy(), optimizer: Adam())
        #expect(linear.outputActivationWarning()?.contains("expects probabilities") == true)
        let right = Sequential(seed: 0) { Dense(3) }
        right.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(right.outputActivationWarning() == nil)
    }
}
