import Testing
@testable import Plexus

/// Flatten and Reshape: shapes as Keras gives them, values in row-major order, gradients.
@Suite struct ShapeLayerTests {
    typealias F = ConvolutionFixtures

    @Test func flattenKeepsTheBatchAndRowMajorOrder() throws {
        let layer = Flatten()
        #expect(layer.typeName == "Flatten" && layer.name == "flatten" && layer.parameters.isEmpty)
        #expect(try layer.outputShape(forInputShape: [5, 5, 64]) == [1600])
        #expect(try layer.outputShape(forInputShape: [7]) == [7])
        let x = F.uniform([3, 2, 4, 5], seed: 1)
        let y = layer(x)
        #expect(y.shape == [3, 40] && y.scalars == x.scalars)
        #expect(layer(Tensor([1, 2, 3])).shape == [3, 1])
        F.expectGradient(at: [x]) { layer($0[0]) }
    }

    @Test func reshapeResolvesMinusOneAndKeepsTheBatch() throws {
        let layer = Reshape([4, -1])
        #expect(layer.typeName == "Reshape" && layer.name == "reshape" && layer.parameters.isEmpty)
        #expect(try layer.outputShape(forInputShape: [2, 3, 2]) == [4, 3])
        #expect(try Reshape([28, 28, 1]).outputShape(forInputShape: [784]) == [28, 28, 1])
        let x = F.uniform([2, 2, 3, 2], seed: 2)
        let y = layer(x)
        #expect(y.shape == [2, 4, 3] && y.scalars == x.scalars)
        F.expectGradient(at: [x]) { layer($0[0]) }
    }

    @Test func flattenAndReshapeInAModel() {
        let model = Sequential(inputShape: [12], seed: 1) {
            Reshape([2, 3, 2])
            Conv2D(2, (1, 2))
            Flatten()
            Dense(1)
        }
        #expect(model.outputShape == [1])
        #expect(model(F.uniform([5, 12], seed: 3)).shape == [5, 1])
    }
}
