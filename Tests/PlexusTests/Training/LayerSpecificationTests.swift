import Testing
@testable import Plexus

@Suite struct LayerSpecificationTests {
    @Test func denseEntries() throws {
        let layers = try LayerSpecification.parse(" 25:relu , 15:tanh,dense:7:sigmoid, 10 ")
        let dense = layers.compactMap { $0 as? Dense }
        #expect(dense.map(\.units) == [25, 15, 7, 10])
        #expect(dense.map(\.activation) == [.relu, .tanh, .sigmoid, .linear])
    }

    @Test func convolutionEntries() throws {
        let layers = try LayerSpecification.parse(LayerSpecification.presets["cnn"]!)
        #expect(layers.map(\.typeName) == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"])
        let conv = try #require(try LayerSpecification.parse("conv:8:5:relu:same:s2").first as? Conv2D)
        #expect(conv.filters == 8 && conv.activation == .relu && conv.padding == .same)
        #expect(
            try LayerSpecification.parse("avgpool:3,dropout:0.25,softmax").map(\.typeName) == ["AveragePooling2D", "Dropout", "Activation"])
    }

    /// The batch-normalized preset fits Fashion-MNIST's images: three blocks, global average
    /// pooling, 94,858 parameters (448 of them the non-trainable moving statistics), as Keras
    /// counts the same layers.
    @Test func batchNormalizedPresetPlansOnFashionImages() throws {
        let layers = try LayerSpecification.parse(LayerSpecification.presets["cnn-bn"]!)
        #expect(layers.filter { $0 is BatchNormalization }.count == 3)
        #expect(layers.suffix(2).map(\.typeName) == ["GlobalAveragePooling2D", "Dense"])
        let plan = try ArchitecturePlan(layers: layers, inputShape: [28, 28, 1])
        #expect(plan.parameterCount == 94_858)
        let model = Sequential(layers, inputShape: [28, 28, 1], seed: 1)
        #expect(model.parameters.filter { !$0.isTrainable }.reduce(0) { $0 + $1.value.count } == 448)
    }

    @Test func entriesThatDoNotParseNameThemselves() {
        for bad in ["", "0", "-1", "3:relu,", "a:relu", "3:foo", "3:relu:1", "3.5", "conv:3", "dropout:1.5", "maxpool:0"] {
            do {
                _ = try LayerSpecification.parse(bad)
                Issue.record("'\(bad)' should not parse")
            } catch let error as TrainingError {
                #expect(error.kind == .invalidArgument)
                let entry = bad.split(separator: ",", omittingEmptySubsequences: false).last.map(String.init) ?? bad
                #expect(bad.isEmpty || error.description.contains(entry) || error.description.contains("empty"), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }
}
