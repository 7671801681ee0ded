import Foundation
import Testing
@testable import Plexus
@testable import PlexusExplain

/// The numbers of the course-section explanations (activations, linear collapse, softmax,
/// Adam, convolution), computed by the engine.
@Suite struct ExplainCourseSectionsTests {
    @Test func activationValuesAndDerivatives() throws {
        let explanation = try ActivationsExplanation(zs: [-2, 0, 3])
        let byName = Dictionary(uniqueKeysWithValues: explanation.rows.map { ($0.name, $0) })
        let sigmoid = try #require(byName["sigmoid"]), relu = try #require(byName["relu"])
        #expect(abs(sigmoid.values[1] - 0.5) < 1e-6 && abs(sigmoid.derivatives[1] - 0.25) < 1e-6)
        #expect(relu.values == [0, 0, 3] && relu.derivatives == [0, 0, 1])
        #expect(byName["leaky_relu"]?.derivatives == [0.2, 0.2, 1])
        #expect(abs((byName["tanh"]?.derivatives[1] ?? 0) - 1) < 1e-6)
        #expect(abs(explanation.softmax.reduce(0, +) - 1) < 1e-6)
        for (s, d) in zip(explanation.softmax, explanation.softmaxDiagonal) { #expect(abs(d - s * (1 - s)) < 1e-6) }
        #expect(throws: ExplainError.self) { try ActivationsExplanation(zs: []) }
        #expect(throws: ExplainError.self) { try ActivationsExplanation(zs: [.nan]) }
    }

    @Test func softmaxOverflowsNaivelyAndNotFromLogits() throws {
        let explanation = try SoftmaxExplanation(logits: [1000, 999, 998])
        let naiveBroke = explanation.naiveProbabilities.allSatisfy { !$0.isFinite }
        #expect(naiveBroke)
        #expect(!explanation.naiveLoss.isFinite)
        let finite = explanation.probabilities.allSatisfy { $0.isFinite }
        #expect(finite)
        #expect(abs(explanation.probabilities.reduce(0, +) - 1) < 1e-6)
        #expect(abs(explanation.probabilities[0] - 0.665241) < 1e-5)
        #expect(abs(explanation.loss - 0.407606) < 1e-4)
        // The confident mistake: the probability form is clipped at 1e-7 (loss 16.1), from logits is exact.
        let mistake = explanation.comparisons[1]
        #expect(abs(Double(mistake.fromLogits) - mistake.exact) < 1e-4)
        #expect(abs(Double(mistake.probabilityForm) - mistake.exact) > 1)
        #expect(throws: ExplainError.self) { try SoftmaxExplanation(logits: [1, 2], label: 2) }
        #expect(throws: ExplainError.self) { try SoftmaxExplanation(logits: []) }
    }

    @Test func linearLayersCollapseAndReLULayersDoNot() throws {
        let linear = try LinearCollapseExplanation()
        #expect(linear.maximumDifference < 1e-4)
        #expect(linear.linearMidpointGap < 1e-4)
        #expect((linear.reluBends.first?.gap ?? 0) > 1e-3)
        let logistic = try LinearCollapseExplanation(layers: "5,2:sigmoid", inputCount: 3, seed: 4)
        #expect(logistic.maximumDifference < 1e-4)
        #expect(logistic.collapsedKernel.count == 3 && logistic.collapsedKernel[0].count == 2)
        let probabilities = logistic.networkOutputs.flatMap { $0 }.allSatisfy { $0 > 0 && $0 < 1 }
        #expect(probabilities)
        for bad in ["4:relu,1", "4,1:softmax", "conv:2:2,1", "", "4,,1"] {
            #expect(throws: (any Error).self) { try LinearCollapseExplanation(layers: bad) }
        }
        #expect(throws: ExplainError.self) { try LinearCollapseExplanation(layers: "10000,1") }
    }

    @Test func adamGivesEachWeightItsOwnStepSize() throws {
        let explanation = try AdamExplanation(steps: 100)
        #expect(explanation.adam.count == 100 && explanation.gradientDescent.count == 100)
        #expect(explanation.curvatures.high / explanation.curvatures.low > 100)
        let last = explanation.adam[99]
        #expect(last.loss < explanation.gradientDescent[99].loss / 10)
        let rates = try #require(last.effectiveRates)
        #expect(rates[0] > 5 * rates[1])  // the shallow weight gets the larger step
        // The first step of Adam moves each weight by about α, whatever its gradient.
        #expect(abs(explanation.adam[0].w1 - 0.1) < 1e-3 && abs(explanation.adam[0].w2 - 0.1) < 1e-3)
        // Effective rate times the bias-corrected momentum is the step taken.
        let first = try #require(explanation.adam[0].effectiveRates)
        let positive = first.allSatisfy { $0 > 0 && $0.isFinite }
        #expect(positive)
        #expect(explanation.shownSteps == [1, 2, 5, 10, 20, 50, 100])
        #expect(throws: ExplainError.self) { try AdamExplanation(steps: 0) }
        #expect(throws: ExplainError.self) { try AdamExplanation(adamRate: .nan) }
    }

    @Test func convolutionWindowByHandEqualsTheLayer() throws {
        for (shape, kernel) in [([6, 6, 1], 3), ([5, 7, 3], 2), ([4, 4, 2], 4)] {
            let explanation = try ConvolutionExplanation(inputShape: shape, kernel: kernel)
            #expect(abs(explanation.handValue - Double(explanation.layerValue)) < 1e-4)
            #expect(explanation.window.count == kernel * kernel * shape[2])
            #expect(explanation.outputShape == [shape[0] - kernel + 1, shape[1] - kernel + 1, 1])
            #expect(explanation.convolutionParameters == (kernel * kernel * shape[2] + 1) * 8)
            let outputs = (shape[0] - kernel + 1) * (shape[1] - kernel + 1) * 8
            #expect(explanation.denseParameters == (shape.reduce(1, *) + 1) * outputs)
        }
        let stack = try ConvolutionExplanation(inputShape: [28, 28, 1], kernel: 3).stack
        #expect(stack.map(\.receptiveField) == [3, 5, 6, 10])
        #expect(stack.map(\.outputShape) == [[26, 26, 8], [24, 24, 8], [12, 12, 8], [10, 10, 8]])
        #expect(throws: ExplainError.self) { try ConvolutionExplanation(inputShape: [6, 6], kernel: 3) }
        #expect(throws: ExplainError.self) { try ConvolutionExplanation(inputShape: [6, 6, 1], kernel: 7) }
        #expect(throws: ExplainError.self) { try ConvolutionExplanation(inputShape: [100_000, 100_000, 3], kernel: 3) }
    }

    @Test func chartsHaveASeriesPerCurve() throws {
        let activations = try ActivationsExplanation()
        #expect(activations.charts.count == 2 && activations.charts[0].series.count == 5)
        let svg = try #require(SVGDocument(Chart.svg(stacking: activations.charts)))
        #expect(svg.all("path", inClass: "series").count == 10)
        let adam = try AdamExplanation(steps: 20)
        #expect(adam.charts[0].series.map(\.points.count) == [20, 20])
    }
}
