import Foundation
import Testing
@testable import Plexus

/// A layer written outside Plexus's layer folder, registered as a user would.
final class ScaleLayer: RegisteredLayer {
    static let typeName = "TestScale"
    static let specificationKeywords = ["testscale"]
    static let specificationUsage = "testscale:FACTOR"
    let factor: Float
    var name: String
    var parameters: [Parameter] { [] }
    var isBuilt: Bool { true }

    init(factor: Float, name: String = "test_scale") {
        self.factor = factor
        self.name = name
    }

    var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("scaleFactor", factor)
        return settings
    }

    convenience init(settings: LayerSettings, name: String) throws {
        self.init(factor: try settings.float("scaleFactor"), name: name)
    }

    static func parse(_ entry: SpecificationEntry) throws -> ScaleLayer {
        try entry.expectParts(2, usage: specificationUsage)
        return ScaleLayer(factor: try entry.number(entry.parts[1], "the factor"))
    }

    func build(inputShape: [Int], generator: inout RandomGenerator) {}
    func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }
    func forward(_ input: Tensor, training: Bool) -> Tensor { input * factor }
}

@Suite struct LayerRegistryTests {
    @Test func builtInTypesAreRegisteredByNameAndKeyword() {
        #expect(LayerRegistry.type(named: "Dense") == Dense.self)
        #expect(LayerRegistry.type(named: "MaxPooling2D") == MaxPooling2D.self)
        #expect(LayerRegistry.type(forKeyword: "conv") == Conv2D.self)
        #expect(LayerRegistry.type(forKeyword: "avgpool") == AveragePooling2D.self)
        #expect(LayerRegistry.type(named: "Nonesuch") == nil)
    }

    @Test func aLayerOfYourOwnSavesLoadsAndParsesOnceRegistered() throws {
        LayerRegistry.register(ScaleLayer.self)
        LayerRegistry.register(ScaleLayer.self)  // again: nothing changes
        #expect(LayerRegistry.types.filter { $0 == ScaleLayer.self }.count == 1)

        let layers = try LayerSpecification.parse("4:relu,testscale:2.5,2")
        #expect((layers[1] as? ScaleLayer)?.factor == 2.5)
        let model = Sequential(layers, inputShape: [3], seed: 1)
        let folder = try IOTestSupport.folder()
        try model.save(to: folder + "/scaled.plexus")
        let loaded = try Sequential.load(from: folder + "/scaled.plexus")
        #expect((loaded.layers[1] as? ScaleLayer)?.factor == 2.5)
        let x = Tensor([[1, 2, 3], [-1, 0, 4]])
        #expect(try loaded.predict(x).scalars == model.predict(x).scalars)
    }

    @Test func savedSettingsAreCheckedWithTheKeyNamed() throws {
        var settings = LayerSettings()
        settings.set("kernelSize", [3, 0])
        settings.set("filters", 8)
        #expect(throws: LayerSettingsError.self) { try Conv2D(settings: settings, name: "c") }
        do {
            _ = try Conv2D(settings: settings, name: "c")
        } catch let error as LayerSettingsError {
            #expect(error.description.hasPrefix("kernel_size must be two positive whole numbers"))
        }
        settings.set("rate", .string("half"))
        #expect(throws: LayerSettingsError.self) { try Dropout(settings: settings, name: "d") }
    }

    @Test func everyBuiltInLayerRoundTripsThroughItsSettings() throws {
        let layers: [any RegisteredLayer] = [
            Dense(7, activation: .leakyRelu(slope: 0.3), useBias: false), ActivationLayer(.softmax),
            Conv2D(filters: 3, kernelSize: (2, 3), strides: (1, 2), padding: .same, activation: .tanh),
            MaxPooling2D(poolSize: (3, 2), strides: (1, 1), padding: .same), AveragePooling2D(poolSize: 2),
            Dropout(rate: 0.3, seed: UInt64.max), Flatten(), Reshape([4, -1]),
            Embedding(inputDim: 30, outputDim: 4), GlobalAveragePooling1D(), GlobalAveragePooling2D(), GlobalMaxPooling2D(),
            Rescaling(scale: 1 / 255, offset: -0.5), NormalizationLayer(),
            BatchNormalization(momentum: 0.9, epsilon: 1e-5, center: false), LayerNormalization(epsilon: 0.01),
        ]
        for layer in layers {
            let type = try #require(LayerRegistry.type(named: layer.typeName))
            let rebuilt = try #require(try type.rebuiltLayer(settings: layer.settings, name: layer.name) as? any RegisteredLayer)
            #expect(rebuilt.settings == layer.settings, "\(layer.typeName)")
        }
    }

    /// The registry's promise: no file outside a layer's own switches over layer types, so a
    /// new layer is one file (and one line in BuiltInLayers).
    @Test func noLayerTypeIsSwitchedOnOutsideItsOwnFile() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../../Sources").standardized
        // The Swift names that differ from the type names (Activation and Normalization are taken).
        let swiftNames = ["Activation": "ActivationLayer", "Normalization": "NormalizationLayer"]
        let typeNames = LayerRegistry.types.map { swiftNames[$0.typeName] ?? $0.typeName }
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOfFile: sources.path + "/" + file, encoding: .utf8)
            let ownType = (file as NSString).lastPathComponent.replacingOccurrences(of: ".swift", with: "")
            for type in typeNames where type != ownType {
                for pattern in ["case let \\w+ as \(type)\\b", "case is \(type)\\b", "\\bis \(type)\\b", "case \"\(type)\":"]
                where text.range(of: pattern, options: .regularExpression) != nil {
                    offenders.append("\(file): \(pattern)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
