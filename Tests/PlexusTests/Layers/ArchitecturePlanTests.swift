import Testing
@testable import Plexus

/// A model is checked against its input shape before any weight exists: every mistake a
/// user can make in a layer list is a thrown error naming the layer and the shapes.
struct ArchitecturePlanTests {
    func planError(_ specification: String, _ inputShape: [Int], limits: SizeLimits = .standard) throws -> ArchitectureError {
        let layers = try LayerSpecification.parse(specification)
        do {
            _ = try ArchitecturePlan(layers: layers, inputShape: inputShape, limits: limits)
        } catch let error as ArchitectureError {
            return error
        }
        Issue.record("\(specification) on \(inputShape) was accepted")
        return ArchitectureError(.invalidSetting, "")
    }

    @Test func theCNNPresetMatchesKerasCounts() throws {
        let layers = try LayerSpecification.parse(LayerSpecification.presets["cnn"]!)
        let plan = try ArchitecturePlan(layers: layers, inputShape: [28, 28, 1])
        #expect(plan.steps.map(\.outputShape) == [[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [128], [10]])
        #expect(plan.parameterCount == 225_034)
        #expect(plan.steps[0].parameters == [ParameterShape("kernel", [3, 3, 1, 32]), ParameterShape("bias", [32])])
        // The plan's counts are the built model's.
        let model = Sequential(layers, inputShape: [28, 28, 1], seed: 1)
        #expect(model.parameterCount == plan.parameterCount)
        #expect(model.outputShape == plan.outputShape)
        #expect(plan.activationsPerSample == 26 * 26 * 32 + 13 * 13 * 32 + 11 * 11 * 64 + 5 * 5 * 64 + 1600 + 128 + 10)
    }

    @Test func aConvolutionOnFlatRowsNamesTheLayer() throws {
        let error = try planError("conv:8:3,10", [64])
        #expect(error.kind == .shapeMismatch)
        #expect(error.description.contains("layer 1, Conv2D 'conv2d' on input [64]"), "\(error)")
    }

    @Test func aKernelLargerThanTheImage() throws {
        let error = try planError("conv:8:9,flatten,10", [8, 8, 1])
        #expect(error.description.contains("kernel 9x9 is larger than the input 8x8"), "\(error)")
    }

    @Test func poolingBelowOnePixel() throws {
        let error = try planError(LayerSpecification.presets["cnn"]!, [8, 8, 1])
        #expect(error.description.contains("layer 4, MaxPooling2D"), "\(error)")
        #expect(error.description.contains("[1, 1, 64]"), "\(error)")
    }

    @Test func flattenThenConvolution() throws {
        let error = try planError("flatten,conv:4:3,10", [8, 8, 1])
        #expect(error.description.contains("layer 2, Conv2D"), "\(error)")
    }

    @Test func hugeLayersPassNoLimit() throws {
        let error = try planError("100000000", [64])
        #expect(error.kind == .tooLarge)
        #expect(error.description.contains(SizeLimits.parametersVariable), "\(error)")
        // Sizes whose product overflows Int are errors too, not traps.
        let overflow = try planError("4000000000,4000000000,4000000000", [1], limits: .unlimited)
        #expect(overflow.kind == .tooLarge, "\(overflow)")
        let wide = try planError("flatten", [1 << 40, 1 << 40])
        #expect(wide.kind == .tooLarge, "\(wide)")
    }

    @Test func batchActivationsAreBounded() throws {
        let layers = try LayerSpecification.parse("conv:32:3,flatten,10")
        let limits = SizeLimits(maximumParameters: 1 << 30, maximumActivationBytes: 20 << 20)
        let plan = try ArchitecturePlan(layers: layers, inputShape: [28, 28, 1], limits: limits)
        try plan.checkActivations(batchSize: 32, limits: limits)
        #expect(throws: ArchitectureError.self) { try plan.checkActivations(batchSize: 60_000, limits: limits) }
    }

    @Test func badInputShapes() throws {
        #expect(throws: ArchitectureError.self) { try ArchitecturePlan(layers: [Dense(3)], inputShape: []) }
        #expect(throws: ArchitectureError.self) { try ArchitecturePlan(layers: [Dense(3)], inputShape: [0]) }
        #expect(throws: ArchitectureError.self) { try ArchitecturePlan(layers: [Reshape([5, 5])], inputShape: [24]) }
        #expect(try ArchitecturePlan(layers: [Reshape([-1, 4])], inputShape: [24]).outputShape == [6, 4])
    }

    @Test func fitThrowsInsteadOfStopping() throws {
        let model = Sequential {
            Conv2D(4, 3)
            Flatten()
            Dense(2)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(throws: ArchitectureError.self) {
            try model.fit(Tensor.zeros([4, 10]), Tensor([0, 1, 0, 1]), epochs: 1, verbose: .silent)
        }
        #expect(!model.isBuilt)
        #expect(throws: ArchitectureError.self) { try model.predict(Tensor.zeros([2, 2, 2, 1])) }
    }

    @Test func aSpatialOutputIsNoClassifier() throws {
        let model = Sequential {
            Conv2D(4, 3)
            Dense(2)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        #expect(throws: TrainingError.self) {
            try model.fit(Tensor.zeros([4, 5, 5, 1]), Tensor([0, 1, 0, 1]), epochs: 1, verbose: .silent)
        }
    }
}
