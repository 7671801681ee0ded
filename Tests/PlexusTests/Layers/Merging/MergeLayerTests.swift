import Testing
@testable import Plexus

/// The merge layers: values, shape rules (thrown errors naming the shapes), gradients against
/// central finite differences, and their place in the registry.
@Suite struct MergeLayerTests {
    let a = Tensor(shape: [2, 3], scalars: [0.5, -1, 2, 0.25, 1.5, -0.75])
    let b = Tensor(shape: [2, 3], scalars: [1, 0.5, -2, 0.75, -1.5, 0.1])
    let c = Tensor(shape: [2, 3], scalars: [-0.3, 2, 1, 0.2, 0.4, -0.6])

    @Test func valuesAreKerasMerges() {
        #expect(Add()([a, b, c]).scalars == ((a + b) + c).scalars)
        #expect(Subtract()([a, b]).scalars == (a - b).scalars)
        #expect(Multiply()([a, b, c]).scalars == ((a * b) * c).scalars)
        #expect(Average()([a, b, c]).scalars == (((a + b) + c) / 3).scalars)
        #expect(Maximum()([a, b, c]).scalars == [1, 2, 2, 0.75, 1.5, 0.1])
        #expect(Concatenate(axis: -1)([a, b]).shape == [2, 6])
        #expect(Concatenate(axis: 1)([a, b]).scalars == Tensor.concatenate([a, b], alongAxis: 1).scalars)
    }

    @Test(arguments: ["Add", "Subtract", "Multiply", "Average", "Maximum", "Concatenate"])
    func gradientMatchesFiniteDifferences(typeName: String) throws {
        let layer = try #require(LayerRegistry.type(named: typeName)?.rebuiltLayer(settings: LayerSettings(), name: "m") as? any MergeLayer)
        let inputs = typeName == "Subtract" ? [a, b] : [a, b, c]
        // A weighted sum, so that every element's gradient differs.
        let outputShape = [2] + (try layer.outputShape(forInputShapes: inputs.map { Array($0.shape.dropFirst()) }))
        let weights = Tensor(shape: outputShape, scalars: (0..<outputShape.reduce(1, *)).map { Float($0 % 5) - 1.7 })
        let result = checkGradient(of: { (layer.forward($0, training: true) * weights).sum() }, at: inputs)
        #expect(result.maxRelativeError < 1e-2, "\(typeName): \(result)")
    }

    @Test func gradientsOfAValueUsedTwiceAreSummed() {
        let (_, gradients) = valueWithGradient(at: [a]) { Add()([$0[0], $0[0]]).sum() }
        #expect(gradients[0].scalars == [Float](repeating: 2, count: 6))
        let (_, averaged) = valueWithGradient(at: [a, b]) { Average()([$0[0], $0[1], $0[0]]).sum() }
        #expect(averaged[0].scalars.allSatisfy { Swift.abs($0 - 2.0 / 3) < 1e-6 })
        #expect(averaged[1].scalars.allSatisfy { Swift.abs($0 - 1.0 / 3) < 1e-6 })
    }

    @Test func shapesThatCannotMergeThrowNamingThem() {
        #expect(throws: ArchitectureError.self) { try Add().outputShape(forInputShapes: [[3], [4]]) }
        #expect(throws: ArchitectureError.self) { try Add().outputShape(forInputShapes: [[3]]) }
        #expect(throws: ArchitectureError.self) { try Subtract().outputShape(forInputShapes: [[3], [3], [3]]) }
        #expect(throws: ArchitectureError.self) { try Concatenate(axis: -1).outputShape(forInputShapes: [[2, 3], [4, 3]]) }
        #expect(throws: ArchitectureError.self) { try Concatenate(axis: 0).outputShape(forInputShapes: [[3], [3]]) }
        #expect(throws: ArchitectureError.self) { try Concatenate(axis: 3).outputShape(forInputShapes: [[3], [3]]) }
        #expect(throws: ArchitectureError.self) { try Add().outputShape(forInputShape: [3]) }
        do {
            _ = try Multiply(name: "gate").outputShape(forInputShapes: [[3], [4]])
        } catch {
            #expect("\(error)".contains("'gate'") && "\(error)".contains("[3], [4]"))
        }
    }

    @Test func concatenateCountsAxesAsKerasDoes() throws {
        #expect(try Concatenate(axis: 1).outputShape(forInputShapes: [[2, 3], [4, 3]]) == [6, 3])
        #expect(try Concatenate(axis: -2).outputShape(forInputShapes: [[2, 3], [4, 3]]) == [6, 3])
    }

    @Test func symbolicCallsThrowThroughCall() throws {
        let x = Input(shape: [3]), y = Input(shape: [4])
        #expect(throws: ArchitectureError.self) { try Add().call([x, y]) }
        #expect(throws: ArchitectureError.self) { try Conv2D(2, 3).call(x) }
        #expect(try Concatenate().call([x, y]).shape == [7])
    }

    @Test func registeredWithKerasNamesAndNoKeyword() throws {
        for name in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Concatenate"] {
            let type = try #require(LayerRegistry.type(named: name))
            #expect(type.specificationKeywords.isEmpty)
        }
        let layer = try #require(LayerConfiguration(describing: Concatenate(axis: 2, name: "join")))
        #expect(layer.settings.values["axis"] == .integer(2))
        let rebuilt = try #require(try layer.makeLayer(file: "m") as? Concatenate)
        #expect(rebuilt.axis == 2 && rebuilt.name == "join")
    }
}
