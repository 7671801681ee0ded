import Foundation
import Testing
@testable import Plexus

/// `plexus train --optimizer adamw --weight-decay X`: checked, saved with the model, documented.
@Suite(.serialized) struct OptimizerOptionTests {
    /// The optimizer's options are checked before anything runs: usage errors, status 64.
    func expectFailure(_ arguments: [String], mentions words: [String]) throws {
        try HostileTrainingTests().expectFailure(["train", "--epochs", "1", "--quiet"] + arguments, status: 64, mentions: words)
    }

    @Test func adamWTrainsAndIsSavedWithItsDecay() throws {
        let folder = try CommandRunner.temporaryFolder().path
        for (arguments, decay) in [(["--weight-decay", "0.01"], Float(0.01)), ([], 0.004)] {
            let path = folder + "/adamw.plexus"
            let result = try CommandRunner.run(["train", "--optimizer", "adamw", "--epochs", "2", "--quiet", "--save", path] + arguments)
            #expect(result.status == 0, "\(result.errors)")
            let optimizer = try #require(try Sequential.load(from: path).optimizer as? AdamW)
            #expect(optimizer.weightDecay == decay && optimizer.learningRate == 1e-3)
        }
    }

    @Test func weightDecayIsChecked() throws {
        for bad in ["-1", "nan", "inf", "-0.001"] {
            try expectFailure(["--optimizer", "adamw", "--weight-decay=\(bad)"], mentions: ["--weight-decay must be a finite number >= 0"])
        }
        try expectFailure(["--optimizer", "adamw", "--weight-decay", "1e30"], mentions: ["times the learning rate 0.001 must be below 1"])
        try expectFailure(
            ["--optimizer", "adamw", "--weight-decay", "20", "--learning-rate", "0.05"],
            mentions: ["--weight-decay 20.0 times the learning rate 0.05"])
        // Not a number: the argument parser's usage error (exit status 64).
        let notANumber = try CommandRunner.run(["train", "--optimizer", "adamw", "--weight-decay", "lots"])
        #expect(notANumber.status == 64 && notANumber.errors.contains("--weight-decay"), "\(notANumber.errors)")
        for other in ["adam", "sgd", "rmsprop"] {
            try expectFailure(
                ["--optimizer", other, "--weight-decay", "0.01"], mentions: ["--weight-decay applies to --optimizer adamw only"])
        }
        try expectFailure(["--weight-decay", "0.01"], mentions: ["--weight-decay applies to --optimizer adamw only, not adam"])
        try expectFailure(["--optimizer", "adamx"], mentions: ["'adam', 'adamw', 'sgd' or 'rmsprop'"])
        // Names in any case.
        let upper = try CommandRunner.run(["train", "--optimizer", "ADAMW", "--epochs", "1", "--quiet"])
        #expect(upper.status == 0, "\(upper.errors)")
    }

    @Test func helpNamesTheOptions() throws {
        let result = try CommandRunner.run(["train", "--help"])
        #expect(result.status == 0)
        let help = result.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("--weight-decay") && help.contains("adamw (Adam with decoupled weight decay)"), "\(result.output)")
    }
}
