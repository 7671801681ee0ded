import Foundation
import Testing

/// The exit statuses of the README: 0 success, 1 a failure while running, 2 bad input,
/// 64 a usage error; every error one line, values cut, no backtrace.
@Suite struct ExitCodeTests {
    func expect(_ arguments: [String], status: Int32, mentioning words: [String] = [], environment: [String: String] = [:]) throws {
        let result = try CommandRunner.run(arguments, environment: environment)
        #expect(result.status == status, "\(arguments): status \(result.status), \(result.errors)")
        #expect(!result.errors.contains("Stack dump") && !result.errors.contains("Fatal error"), "\(result.errors)")
        for word in words { #expect(result.errors.contains(word), "\(arguments): '\(result.errors)' should mention \(word)") }
        if status == 2 {
            #expect(result.errors.hasPrefix("error: ") && result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        }
    }

    @Test func usageErrorsAreSixtyFour() throws {
        try expect(["train", "--no-such-option"], status: 64)
        try expect(["bench", "matmul", "--rounds", "abc"], status: 64)
        try expect(["predict", "--input", "x.csv"], status: 64, mentioning: ["--model"])
        try expect(["no-such-command-or-option"], status: 64)
    }

    @Test func benchCountsOfZeroOrLessAreBadInput() throws {
        let cases: [([String], String)] = [
            (["bench", "matmul", "--rounds", "0"], "--rounds"),
            (["bench", "matmul", "--threads", "0"], "--threads"),
            (["bench", "matmul", "--shape", "0x5x5"], "--shape"),
            (["bench", "matmul", "--shape", "5x-5x5"], "--shape"),
            (["bench", "matmul", "--sizes", "64,0"], "--sizes"),
            (["bench", "matmul", "--shape", "100000x100000x100000"], "--shape"),
            (["bench", "step", "--batch-size=-1"], "--batch-size"),
            (["bench", "step", "--rounds", "0"], "--rounds"),
            (["bench", "step", "--steps", "0"], "--steps"),
            (["bench", "layers", "--rounds", "0"], "--rounds"),
            (["bench", "layers", "--batch-size", "0"], "--batch-size"),
            (["bench", "layers", "--classes", "1"], "--classes"),
            (["bench", "layers", "--batch-size", "65536", "--input-shape", "65536,65536,3"], "MB"),
        ]
        for (arguments, option) in cases { try expect(arguments, status: 2, mentioning: [option]) }
    }

    @Test func datasetMessagesNameTheRealProblem() throws {
        let folder = try CommandRunner.temporaryFolder().path
        try expect(["train", "--dataset", folder], status: 2, mentioning: ["folder without IDX files"])
        try expect(["train", "--dataset", "/proc/self"], status: 2, mentioning: ["/proc/self", "folder without IDX files"])
        #expect(symlink(folder + "/gone.csv", folder + "/link.csv") == 0)
        try expect(["train", "--dataset", folder + "/link.csv"], status: 2, mentioning: ["symbolic link"])
        try "x".write(toFile: folder + "/file", atomically: true, encoding: .utf8)
        try expect(["train", "--dataset", folder + "/file/data.csv"], status: 2, mentioning: ["not a folder"])
        try expect(["train", "--dataset", "/no/such/data.csv"], status: 2, mentioning: ["no such file", "/no/such/data.csv"])
        try expect(["train", "--dataset", folder, "--format", "csv"], status: 2, mentioning: ["is a folder"])
    }

    /// No message echoes a huge value: a 100 KB path or field is cut to a sane line.
    @Test func longValuesAreCut() throws {
        let long = "/tmp/" + String(repeating: "a", count: 100_000) + ".csv"
        let result = try CommandRunner.run(["train", "--dataset", long])
        #expect(result.status == 2 && result.errors.count < 2_500, "\(result.errors.count) characters")
        let folder = try CommandRunner.temporaryFolder().path
        try ("a,b\n1," + String(repeating: "z", count: 90_000) + "\n").write(
            toFile: folder + "/wide.csv", atomically: true, encoding: .utf8)
        let model = folder + "/m.plexus"
        #expect(try CommandRunner.run(["train", "--dataset", "diabetes", "--epochs", "0", "--quiet", "--save", model]).status == 0)
        let predict = try CommandRunner.run(["predict", "--model", model, "--input", folder + "/wide.csv"])
        #expect(predict.status == 2 && predict.errors.count < 500, "\(predict.errors.prefix(600))")
        #expect(predict.errors.contains("line 2"), "\(predict.errors.prefix(600))")
    }

    @Test func unknownEnvironmentValuesWarnOnce() throws {
        let step = ["bench", "step", "--rounds", "1", "--steps", "1", "--json"]
        let cases: [(String, String, [String])] = [
            ("PLEXUS_BACKEND", "foo", ["native", "openblas"]),
            ("PLEXUS_ISA", "bar", ["portable", "avx2", "avx512"]),
            ("PLEXUS_THREADS", "abc", ["1 to 1024"]),
            ("PLEXUS_THREADS", "0", ["1 to 1024"]),
        ]
        for (name, value, accepted) in cases {
            let result = try CommandRunner.run(step, environment: [name: value])
            #expect(result.status == 0, "\(name)=\(value): \(result.errors)")
            let warnings = result.errors.split(separator: "\n").filter { $0.contains("\(name)=\(value)") }
            #expect(warnings.count == 1, "\(name)=\(value): \(result.errors)")
            for word in accepted { #expect(warnings.first?.contains(word) == true, "\(result.errors)") }
        }
        let quiet = try CommandRunner.run(step, environment: ["PLEXUS_BACKEND": "native", "PLEXUS_THREADS": "2", "PLEXUS_ISA": "portable"])
        #expect(quiet.status == 0 && !quiet.errors.contains("warning"), "\(quiet.errors)")
    }
}
