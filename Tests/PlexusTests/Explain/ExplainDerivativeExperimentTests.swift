import Foundation
import Testing
@testable import Plexus
@testable import PlexusExplain

@Suite struct ExplainDerivativeExperimentTests {
    @Test func squareAtThreeNudgedByAThousandth() throws {
        // J(3) = 9, J(3.001) = 9.006001: up by 0.006001, that is 6.001 ε; d(w²)/dw = 2w = 6.
        let experiment = try DerivativeExperiment(.square, at: 3, epsilon: 0.001)
        #expect(experiment.value == 9)
        #expect(Swift.abs(experiment.nudgedValue - 9.006001) < 1e-12)
        #expect(Swift.abs(experiment.change - 0.006001) < 1e-12)
        #expect(Swift.abs(experiment.ratio - 6.001) < 1e-9)
        #expect(experiment.exact == 6)
    }

    @Test(arguments: ExplainedFunction.allCases)
    func exactDerivativeMatchesTheFormula(_ function: ExplainedFunction) throws {
        let w = 1.5
        let sigma = 1 / (1 + Foundation.exp(-w))
        let formula: Double =
            switch function {
            case .square: 2 * w
            case .cube: 3 * w * w
            case .reciprocal: -1 / (w * w)
            case .identity: 1
            case .exp: Foundation.exp(w)
            case .log: 1 / w
            case .sigmoid: sigma * (1 - sigma)
            }
        let experiment = try DerivativeExperiment(function, at: w, epsilon: 1e-6)
        #expect(Swift.abs(Double(experiment.exact) - formula) <= 1e-6 * Swift.max(1, Swift.abs(formula)))
        #expect(Swift.abs(experiment.ratio - formula) <= 1e-5 * Swift.max(1, Swift.abs(formula)))
    }

    @Test func spellings() {
        let cases: [(String, ExplainedFunction)] = [
            ("w^2", .square), ("w**2", .square), (" W ** 2 ", .square), ("J = w^2", .square), ("w*w", .square),
            ("w^3", .cube), ("w**3", .cube), ("1/w", .reciprocal), ("1 / w", .reciprocal), ("w**-1", .reciprocal),
            ("w", .identity), ("exp(w)", .exp), ("e^w", .exp), ("log(w)", .log), ("ln(w)", .log),
            ("sigmoid(w)", .sigmoid), ("sigmoid", .sigmoid),
        ]
        for (spelling, function) in cases {
            #expect(ExplainedFunction(spelling: spelling) == function, "\(spelling)")
        }
        #expect(ExplainedFunction(spelling: "w^4") == nil)
        #expect(ExplainedFunction(spelling: "") == nil)
        #expect(ExplainedFunction.spellings == "w^2, w^3, 1/w, w, exp(w), log(w), sigmoid(w)")
    }

    @Test func outsideTheDomainOrWithABadNudgeItThrows() {
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.log, at: 0, epsilon: 0.001) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.log, at: -2, epsilon: 0.001) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.reciprocal, at: 0, epsilon: 0.001) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.reciprocal, at: -0.001, epsilon: 0.001) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.square, at: 3, epsilon: 0) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.square, at: 3, epsilon: -1) }
        #expect(throws: ExplainError.self) { try DerivativeExperiment(.square, at: .nan, epsilon: 0.001) }
    }

    @Test func reportPutsTheNumbersSideBySide() throws {
        let report = try DerivativeExperiment(.square, at: 3, epsilon: 0.001).report()
        #expect(report.contains("J(3)"))
        #expect(report.contains("9.000000000"))
        #expect(report.contains("9.006001000"))
        #expect(report.contains("0.006001000"))
        #expect(report.contains("6.001000000"))
        #expect(report.contains("6.000000000"))
        #expect(report.contains("If w goes up by ε = 0.001, J goes up by about 6·ε"))
        #expect(report.contains("Float32"))
        let falling = try DerivativeExperiment(.reciprocal, at: 2, epsilon: 0.001).report()
        #expect(falling.contains("J goes down by about 0.25·ε"))
    }
}
