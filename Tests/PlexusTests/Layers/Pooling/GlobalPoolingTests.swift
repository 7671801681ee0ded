import Testing
@testable import Plexus

/// GlobalAveragePooling1D/2D and GlobalMaxPooling2D: values against loops, gradients against
/// finite differences, the first maximum on ties, shapes and settings.
@Suite struct GlobalPoolingTests {
    @Test func averageOverStepsAndPixels() {
        let sequence = Tensor(shape: [2, 3, 2], scalars: [1, 2, 3, 4, 5, 6, -1, 0, -2, 0, -3, 3])
        let steps = GlobalAveragePooling1D()(sequence)
        #expect(steps.shape == [2, 2] && steps.scalars == [3, 4, -2, 1])
        let images = Tensor(shape: [1, 2, 2, 2], scalars: [1, 10, 2, 20, 3, 30, 6, 40])
        let average = GlobalAveragePooling2D()(images)
        #expect(average.shape == [1, 2] && average.scalars == [3, 25])
        let maximum = GlobalMaxPooling2D()(images)
        #expect(maximum.shape == [1, 2] && maximum.scalars == [6, 40])
    }

    @Test func gradientsMatchFiniteDifferences() {
        expectGradient(at: [awayFromZero([2, 4, 3], seed: 1)]) { GlobalAveragePooling1D()($0[0]) }
        expectGradient(at: [awayFromZero([2, 3, 4, 5], seed: 2)]) { GlobalAveragePooling2D()($0[0]) }
        expectGradient(at: [distinctGrid([2, 3, 4, 5], seed: 3)]) { GlobalMaxPooling2D()($0[0]) }
    }

    @Test func maxPoolingSendsTheGradientToTheFirstMaximumOnTies() {
        // Channel 0: 5 at (0, 1) and (1, 0); channel 1: 7 everywhere.
        let x = Tensor(shape: [1, 2, 2, 2], scalars: [1, 7, 5, 7, 5, 7, 2, 7])
        let result = valueWithGradient(at: [x]) { GlobalMaxPooling2D()($0[0]).sum() }
        #expect(result.gradients[0].scalars == [0, 1, 1, 0, 0, 0, 0, 0])
    }

    @Test func shapesSettingsAndEntries() throws {
        #expect(try GlobalAveragePooling1D().outputShape(forInputShape: [20, 16]) == [16])
        #expect(try GlobalAveragePooling2D().outputShape(forInputShape: [5, 5, 64]) == [64])
        #expect(try GlobalMaxPooling2D().outputShape(forInputShape: [3, 1, 8]) == [8])
        #expect(throws: ArchitectureError.self) { try GlobalAveragePooling1D().outputShape(forInputShape: [16]) }
        #expect(throws: ArchitectureError.self) { try GlobalAveragePooling2D().outputShape(forInputShape: [20, 16]) }
        #expect(throws: ArchitectureError.self) { try GlobalMaxPooling2D().outputShape(forInputShape: [0, 3, 2]) }
        #expect(GlobalAveragePooling2D().expectsImages && GlobalMaxPooling2D().expectsImages && !GlobalAveragePooling1D().expectsImages)
        #expect(GlobalAveragePooling1D().name == "global_average_pooling1d" && GlobalMaxPooling2D().name == "global_max_pooling2d")
        let layers = try LayerSpecification.parse("globalavgpool1d,globalavgpool,globalmaxpool")
        #expect(layers.map(\.typeName) == ["GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D"])
        #expect(throws: TrainingError.self) { try LayerSpecification.parse("globalavgpool:2") }
    }
}
