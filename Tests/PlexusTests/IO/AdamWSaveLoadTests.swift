import Foundation
import Testing
@testable import Plexus

/// AdamW in model files: its settings travel with the model, a checkpoint resumes it exactly,
/// and a file with a bad weight decay is refused with a message.
@Suite struct AdamWSaveLoadTests {
    static func model(seed: UInt64 = 8) -> (model: Sequential, x: Tensor, y: Tensor) {
        let data = TrainingData.blobs(centers: [[0, 0], [3, 3], [0, 4]], count: 12, spread: 1, seed: seed)
        let model = Sequential(inputShape: [2], seed: seed) {
            Dense(7, activation: .relu)
            Dense(3)
        }
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: AdamW(learningRate: 0.02, weightDecay: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), metrics: [.accuracy])
        return (model, data.x, data.y)
    }

    /// The model trained one epoch and saved; returns the file's path.
    static func savedModel() throws -> String {
        let (model, x, y) = Self.model()
        try model.fit(x, y, epochs: 1, batchSize: 8, verbose: .silent)
        let path = try IOTestSupport.folder() + "/adamw.plexus"
        try model.save(to: path)
        return path
    }

    @Test func settingsSurviveSaveAndLoad() throws {
        let path = try Self.savedModel()
        let (_, metadata) = try Safetensors.read(path)
        #expect(metadata["compile"]?.contains("\"weight_decay\":0.1") == true, "\(metadata["compile"] ?? "")")
        let optimizer = try #require(try Sequential.load(from: path).optimizer as? AdamW)
        #expect(optimizer.weightDecay == 0.1 && optimizer.learningRate == 0.02)
        #expect(optimizer.beta1 == 0.8 && optimizer.beta2 == 0.99 && optimizer.epsilon == 1e-6)
    }

    @Test func checkpointResumesExactly() throws {
        try ResumeTests().checkResume(makeModel: { Self.model() }, validationSplit: 0.25)
    }

    @Test func badWeightDecayIsRefused() throws {
        let path = try Self.savedModel()
        let (tensors, metadata) = try Safetensors.read(path)
        var edited = metadata
        edited["compile"] = metadata["compile"]!.replacingOccurrences(of: "\"weight_decay\":0.1", with: "\"weight_decay\":-0.5")
        try Safetensors.write(tensors, metadata: edited, to: path)
        LoaderRejectionTests().expectRejection(path, "optimizer 'adamw': the weight decay must be finite and not negative, got -0.5")
    }
}
