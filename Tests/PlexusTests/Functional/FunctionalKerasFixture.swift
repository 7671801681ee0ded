import Foundation
import Testing
@testable import Plexus

/// A functional model's training run recorded in Keras 3 (`keras/functional/<name>.json`, written
/// by the generator's `functional` group): several inputs and outputs per batch. The model is
/// built in Swift, by the fixture's name, with the functional API's own names.
struct FunctionalKerasFixture: Decodable {
    struct Compile: Decodable {
        let losses: [CompileConfiguration.LossSettings]
        let lossWeights: [Float]?
        let optimizer: CompileConfiguration.OptimizerSettings
    }

    struct Batch: Decodable {
        let x: [KerasFixture.Values]
        let y: [KerasFixture.Values]
    }

    let format: String
    let name: String
    let inputShapes: [[Int]]
    let compile: Compile
    let initialWeights: [KerasFixture.Values]
    let batches: [Batch]
    let losses: [Float]
    let finalWeights: [KerasFixture.Values]
    let predictX: [KerasFixture.Values]
    let predictions: [KerasFixture.Values]

    static func load(_ name: String) throws -> FunctionalKerasFixture {
        let url = KerasFixture.folder("functional").appendingPathComponent(name + ".json")
        let fixture = try ModelArchive.decoder.decode(FunctionalKerasFixture.self, from: Data(contentsOf: url))
        guard fixture.format == "plexus-keras-functional-fixture", fixture.losses.count == fixture.batches.count else {
            throw FixtureError("\(url.path): not a functional Keras fixture")
        }
        return fixture
    }

    /// The same graph as the generator's function of the same name.
    static func graph(_ name: String) -> (inputs: [SymbolicTensor], outputs: [SymbolicTensor]) {
        switch name {
        case "residual_mlp":
            let x = Input(shape: [6])
            let h1 = Dense(8, activation: .relu)(x)
            let h2 = Dense(8, activation: .relu)(h1)
            let merged = BatchNormalization()(Add()([h1, h2]))
            return ([x], [Dense(3)(merged)])
        case "residual_cnn":
            let x = Input(shape: [6, 6, 2])
            let c1 = Conv2D(4, 3, padding: .same, activation: .relu)(x)
            let c2 = BatchNormalization()(Conv2D(4, 3, padding: .same)(c1))
            let block = ActivationLayer(.relu)(Add()([c1, c2]))
            return ([x], [Dense(3)(GlobalAveragePooling2D()(block))])
        case "two_inputs_concatenate":
            let a = Input(shape: [5]), b = Input(shape: [3])
            let joined = Concatenate(axis: -1)([Dense(4, activation: .relu)(a), b])
            return ([a, b], [Dense(2)(Dense(6, activation: .tanh)(joined))])
        case "shared_merges":
            let a = Input(shape: [4]), b = Input(shape: [4])
            let shared = Dense(3, activation: .tanh)
            let sa = shared(a), sb = shared(b)
            let merged = Concatenate(axis: -1)([
                Subtract()([sa, sb]), Multiply()([sa, sb]), Maximum()([sa, sb]), Average()([sa, sb, sa]),
            ])
            return ([a, b], [Dense(2)(merged)])
        case "two_outputs":
            let x = Input(shape: [5])
            let h = Dense(6, activation: .relu)(x)
            return ([x], [Dense(3, name: "classes")(h), Dense(1, name: "value")(h)])
        default:
            fatalError("no graph for the fixture '\(name)'")
        }
    }

    /// The fixture's model, compiled as in Keras, holding Keras's initial weights.
    func makeModel() throws -> Model {
        let (inputs, outputs) = Self.graph(name)
        let model = Model(inputs: inputs, outputs: outputs, name: name, seed: 0)
        model.compile(
            loss: try compile.losses.map { try $0.makeLoss(file: name) }, lossWeights: compile.lossWeights,
            optimizer: try CompileConfiguration(
                loss: compile.losses[0], optimizer: compile.optimizer, metrics: []
            ).makeOptimizer(file: name))
        let shapes = model.parameters.map(\.value.shape)
        guard shapes == initialWeights.map(\.shape) else {
            throw FixtureError("\(name): the Plexus model's weights have shapes \(shapes), Keras's \(initialWeights.map(\.shape))")
        }
        model.setWeights(initialWeights.map(\.tensor))
        return model
    }

    /// Replays the batches with `trainOnBatch` and checks losses, final weights and predictions.
    func check(sourceLocation: SourceLocation = #_sourceLocation) throws -> Model {
        let model = try makeModel()
        for (step, (batch, expected)) in zip(batches, losses).enumerated() {
            let loss = try model.trainOnBatch(batch.x.map(\.tensor), batch.y.map(\.tensor))
            let error = Swift.abs(Double(loss) - Double(expected)) / Swift.max(Swift.abs(Double(expected)), 1e-12)
            #expect(
                error <= KerasFixture.lossTolerance,
                "\(name) step \(step + 1): loss \(loss), Keras \(expected) (relative difference \(error))",
                sourceLocation: sourceLocation)
        }
        for (index, (parameter, expected)) in zip(model.parameters, finalWeights).enumerated() {
            let difference = KerasFixture.largestDifference(parameter.value, expected)
            #expect(
                difference <= KerasFixture.weightTolerance,
                "\(name) weight \(index) (\(parameter.name)): largest difference \(difference) from Keras",
                sourceLocation: sourceLocation)
        }
        let predicted = try model.predictOutputs(predictX.map(\.tensor))
        #expect(predicted.count == predictions.count, sourceLocation: sourceLocation)
        for (output, expected) in zip(predicted, predictions) {
            let difference = KerasFixture.largestDifference(output, expected)
            #expect(
                difference <= KerasFixture.predictionTolerance,
                "\(name) predictions: largest difference \(difference) from Keras", sourceLocation: sourceLocation)
        }
        return model
    }
}
