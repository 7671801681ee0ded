import Testing
@testable import Plexus
@testable import PlexusExplain

@Suite struct ExplainNetworkGraphTests {
    private func explain(_ layers: String, input: [Float] = [1, 2], label: [Float] = [1], seed: UInt64 = 0) throws
        -> GraphExplanation
    {
        try GraphExplanation.network(layers: layers, input: input, label: label, seed: seed)
    }

    @Test func courseSizedNetworkHasOneNodePerLayerParameterAndLoss() throws {
        let explanation = try explain("3:relu,1:sigmoid")
        let graph = explanation.graph
        // x, W[1], b[1], a[1] (fused dense), W[2], b[2], a[2], J (binary cross-entropy).
        #expect(graph.nodes.count == 8)
        #expect(graph.nodes.map(graph.name(of:)) == ["x", "W[1]", "b[1]", "a[1]", "W[2]", "b[2]", "a[2]", "J"])
        #expect(graph.output.operation == "binary_crossentropy")
        #expect(graph.formula(of: graph.nodes[3]) == "dense(relu)(x, W[1], b[1])")
        #expect(graph.formula(of: graph.output) == "binary_crossentropy(a[2], constant)")
        #expect(graph.nodes.map(\.value.shape) == [[1, 2], [2, 3], [3], [1, 3], [3, 1], [1], [1, 1], []])
        #expect(graph.nodes.allSatisfy { $0.gradient != nil })
        #expect(graph.nodes.filter { $0.parameter != nil }.count == 4)
    }

    @Test func parameterDerivativesMatchFiniteDifferences() throws {
        for layers in ["3:relu,1:sigmoid", "4:tanh,2", "2:sigmoid,3:softmax"] {
            let explanation = try explain(layers, label: layers.hasSuffix("2") ? [0.5, -1] : [1], seed: 7)
            #expect(explanation.checks.count == 4)
            for check in explanation.checks {
                #expect(check.autodiff.shape == check.finiteDifference.shape)
                #expect(check.maxDifference < 1e-3, "\(layers): \(check.name)")
            }
        }
    }

    @Test func theCostMatchesTheModelsOwnLoss() throws {
        let explanation = try explain("3:relu,1:sigmoid")
        let graph = explanation.graph
        let model = Sequential([Dense(3, activation: .relu), Dense(1, activation: .sigmoid)], inputShape: [2], seed: 0)
        let probability = model(Tensor([[1, 2]]))
        #expect(graph.node(named: "a[2]")!.value == probability)
        #expect(graph.output.value.scalar == BinaryCrossentropy()(probability, Tensor([[1]])).scalar)
        // Same seed, same weights: the graph's leaves are the model's parameters.
        #expect(graph.node(named: "W[1]")!.value == model.weights[0])
    }

    @Test func theLossFollowsTheOutputLayer() throws {
        #expect(try explain("1").graph.output.operation == "mean_squared_error")
        #expect(try explain("2:relu,1:sigmoid").graph.output.operation == "binary_crossentropy")
        #expect(try explain("3:softmax", label: [2]).graph.output.operation == "sparse_categorical_crossentropy")
    }

    @Test func labelsThatDoNotFitThrow() {
        #expect(throws: ExplainError.self) { try explain("1:sigmoid", label: [2]) }
        #expect(throws: ExplainError.self) { try explain("2", label: [1]) }
        #expect(throws: ExplainError.self) { try explain("3:softmax", label: [3]) }
        #expect(throws: ExplainError.self) { try explain("3:softmax", label: [0.5]) }
        #expect(throws: ExplainError.self) { try explain("1", input: []) }
        #expect(throws: ExplainError.self) { try GraphExplanation.network(layers: [Dense](), input: [1], label: [1], seed: 0) }
    }

    @Test func onlyDenseLayersAreExplained() {
        #expect(throws: ExplainError.self) { try explain("conv:2:3,1") }
        #expect(throws: TrainingError.self) { try explain("3:foo") }
    }

    @Test func numberListsParse() throws {
        #expect(try GraphExplanation.parseNumbers("1,2", option: "--input") == [1, 2])
        #expect(try GraphExplanation.parseNumbers(" -0.5, 3e2 ", option: "--input") == [-0.5, 300])
        for bad in ["", "1,,2", "1;2", "x", "nan", "inf"] {
            #expect(throws: ExplainError.self, "\(bad)") { try GraphExplanation.parseNumbers(bad, option: "--input") }
        }
        do {
            _ = try GraphExplanation.parseNumbers("1,a", option: "--label")
        } catch let error as ExplainError {
            #expect(error.description.hasPrefix("--label"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func smallTensorsPrintInFullWithSixSignificantDigits() throws {
        let text = try explain("3:relu,1:sigmoid").text()
        let w1 = try explain("3:relu,1:sigmoid").graph.node(named: "W[1]")!.value
        #expect(ExplainFormatting.tensor(w1, digits: 6).split(separator: ",").count == 6)
        #expect(text.contains(ExplainFormatting.tensor(w1, digits: 6)))
        #expect(ExplainFormatting.tensor(Tensor([[1, 2], [3, 0.1234567]]), digits: 6) == "[[1, 2], [3, 0.123457]]")
        #expect(ExplainFormatting.tensor(Tensor(-0.0), digits: 6) == "0")
        #expect(ExplainFormatting.tensor(Tensor.range(100), digits: 6) == "[0, 1, 2, ... (100 values) ..., 97, 98, 99]")
    }
}
