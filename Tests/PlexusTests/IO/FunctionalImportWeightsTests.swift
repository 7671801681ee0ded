import Testing
@testable import Plexus

/// `importWeights` on a functional model: by order in Keras's `get_weights()` order, by name,
/// and PyTorch's flattened images found through the graph.
@Suite struct FunctionalImportWeightsTests {
    static func towers(seed: UInt64) -> Model {
        let a = Input(shape: [5]), b = Input(shape: [3])
        let shared = Dense(4, activation: .relu)
        let joined = Concatenate(axis: -1)([shared(a), b, Maximum()([shared(a), shared(a)])])
        return Model(inputs: [a, b], outputs: [Dense(2)(joined)], name: "towers", seed: seed)
    }

    @Test func byOrderAndByNameGiveTheSourceModelsPredictions() throws {
        let source = Self.towers(seed: 1)
        let (x, _) = ModelSaveLoadTests.data()
        let expected = try source.predict(x)
        let folder = try IOTestSupport.folder()
        // Names that sort in parameter order, so the file's order is the model's.
        let ordered = Dictionary(uniqueKeysWithValues: source.parameters.enumerated().map { ("w\($0.offset)", $0.element.value) })
        try Safetensors.write(ordered, to: folder + "/ordered.safetensors")
        let byOrder = Self.towers(seed: 2)
        #expect(try byOrder.predict(x).scalars != expected.scalars)
        try byOrder.importWeights(from: folder + "/ordered.safetensors")
        #expect(try byOrder.predict(x).scalars == expected.scalars)

        let named = Dictionary(
            uniqueKeysWithValues: source.layers.flatMap { layer in layer.parameters.map { ("\(layer.name).\($0.name)", $0.value) } })
        try Safetensors.write(named, to: folder + "/named.safetensors")
        let byName = Self.towers(seed: 3)
        try byName.importWeights(from: folder + "/named.safetensors", mapping: .byName)
        #expect(try byName.predict(x).scalars == expected.scalars)

        try Safetensors.write(["w0": Tensor.zeros([5, 4])], to: folder + "/short.safetensors")
        #expect(throws: ModelFileError.self) { try byName.importWeights(from: folder + "/short.safetensors") }
    }

    @Test func pytorchKernelsAfterAFlattenedImageMatchTheChain() throws {
        // PyTorch flattens (c, h, w): the kernel's rows are reordered for a Dense fed by Flatten,
        // through weightless layers that keep the shape, in a graph as in a chain.
        var generator = RandomGenerator(seed: 5)
        let kernel = Tensor.normal([3, 32], using: &generator), bias = Tensor.normal([3], using: &generator)
        let path = try IOTestSupport.folder() + "/torch.safetensors"
        try Safetensors.write(["a.weight": kernel, "b.bias": bias], to: path)

        let chain = Sequential(inputShape: [4, 4, 2], seed: 1) {
            Flatten()
            Dropout(0.5)
            Dense(3)
        }
        try chain.importWeights(from: path, layout: .pytorch)
        let input = Input(shape: [4, 4, 2])
        let graph = Model(inputs: [input], outputs: [Dense(3)(Dropout(0.5)(Flatten()(input)))], seed: 2)
        try graph.importWeights(from: path, layout: .pytorch)
        let x = Tensor.normal([6, 4, 4, 2], using: &generator)
        #expect(try graph.predict(x).scalars == chain.predict(x).scalars)
        // Not the plain transpose: the reordering happened.
        #expect(chain.parameters[0].value.scalars != kernel.transposed().scalars)
    }
}
