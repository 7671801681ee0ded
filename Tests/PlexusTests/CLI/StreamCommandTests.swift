import Foundation
import Testing

@testable import Plexus

/// Files and streams as users give them to the command: devices, FIFOs, links, `-`, pipes,
/// process substitution, full disks and closed pipes.
@Suite(.serialized) struct StreamCommandTests {
    /// A saved model of 3 inputs and 2 outputs, a CSV of 4 samples for it, and its predictions.
    struct Fixture {
        let folder: String
        let model: String
        let input: String
        let expected: String

        init() throws {
            folder = try CommandRunner.temporaryFolder().path
            model = folder + "/m.plexus"
            try Sequential(inputShape: [3], seed: 1) { Dense(2) }.save(to: model)
            input = folder + "/x.csv"
            try "a,b,c\n1,2,3\n4,5,6\n7,8,9\n0,0,1\n".write(toFile: input, atomically: true, encoding: .utf8)
            let result = try CommandRunner.run(["predict", "--model", model, "--input", input])
            #expect(result.status == 0, "\(result.errors)")
            expected = result.output
            #expect(expected.split(separator: "\n").count == 5, "\(expected)")
        }

        func predict(_ arguments: [String], input data: Data? = nil, output: FileHandle? = nil) throws -> CommandRunner.Result {
            try CommandRunner.run(["predict", "--model", model] + arguments, input: data, output: output)
        }
    }

    func kind(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    @Test func devicesAndDashAreWrittenThrough() throws {
        let fixture = try Fixture()
        let null = try fixture.predict(["--input", fixture.input, "--output", "/dev/null"])
        #expect(null.status == 0 && null.output.isEmpty, "\(null.errors)")
        #expect(kind("/dev/null") == S_IFCHR)
        for output in ["/dev/stdout", "-"] {
            let result = try fixture.predict(["--input", fixture.input, "--output", output])
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.output == fixture.expected, "--output \(output)")
        }
        let onnx = try CommandRunner.run(["export", "--model", fixture.model, "--onnx", "-"])
        #expect(onnx.status == 0, "\(onnx.errors)")
        let file = try CommandRunner.run(["export", "--model", fixture.model, "--onnx", fixture.folder + "/m.onnx"])
        #expect(file.status == 0, "\(file.errors)")
        #expect(Data(onnx.output.utf8).count > 100)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.folder + "/m.onnx")).count > 100)
    }

    @Test func aFIFOOutputIsWrittenThrough() throws {
        let fixture = try Fixture()
        let fifo = fixture.folder + "/predictions"
        #expect(mkfifo(fifo, 0o600) == 0)
        let received = UncheckedBox<Data>()
        Thread { received.value = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }.start()
        let result = try fixture.predict(["--input", fixture.input, "--output", fifo])
        #expect(result.status == 0, "\(result.errors)")
        while received.value == nil { usleep(1000) }
        #expect(String(decoding: received.value!, as: UTF8.self) == fixture.expected)
        #expect(kind(fifo) == S_IFIFO)
    }

    @Test func aLinkedOutputReplacesTheTargetAndKeepsTheLink() throws {
        let fixture = try Fixture()
        try "old".write(toFile: fixture.folder + "/target.csv", atomically: false, encoding: .utf8)
        #expect(symlink("target.csv", fixture.folder + "/link.csv") == 0)
        let result = try fixture.predict(["--input", fixture.input, "--output", fixture.folder + "/link.csv"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(kind(fixture.folder + "/link.csv") == S_IFLNK)
        #expect(try String(contentsOfFile: fixture.folder + "/target.csv", encoding: .utf8) == fixture.expected)
    }

    /// Standard output that cannot be written is exit status 1 and one line, in every command.
    @Test func aFullStandardOutputIsExitOne() throws {
        let fixture = try Fixture()
        let runs: [[String]] = [
            ["predict", "--model", fixture.model, "--input", fixture.input],
            ["export", "--model", fixture.model, "--onnx", "-"],
            ["summary", "--layers", "4:relu,2", "--input-shape", "3"],
            ["explain", "graph"],
            ["predict", "--help"],
        ]
        for arguments in runs {
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let result = try CommandRunner.run(arguments, output: full)
            try full.close()
            #expect(result.status == 1, "\(arguments): \(result.errors)")
            #expect(result.errors.hasPrefix("error: ") && result.errors.split(separator: "\n").count == 1, "\(arguments): \(result.errors)")
        }
        let output = try fixture.predict(["--input", fixture.input, "--output", "/dev/full"])
        #expect(output.status == 1 && output.errors.contains("/dev/full"), "\(output.errors)")
        let folder = try fixture.predict(["--input", fixture.input, "--output", fixture.folder + "/no/such/folder.csv"])
        #expect(folder.status == 1 && folder.errors.contains("does not exist"), "\(folder.errors)")
    }

    /// A reader that went away (`plexus predict ... | head -0`) is a reported error, not a
    /// silent death by SIGPIPE or exit status 0.
    @Test func aClosedPipeIsExitOne() throws {
        let fixture = try Fixture()
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let result = try fixture.predict(["--input", fixture.input], output: pipe.fileHandleForWriting)
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.errors.contains("standard output") && result.errors.contains("Broken pipe"), "\(result.errors)")
    }

    @Test func aHeaderlessCSVKeepsItsFirstSample() throws {
        let fixture = try Fixture()
        let headerless = fixture.folder + "/headerless.csv"
        try "1,2,3\n4,5,6\n7,8,9\n0,0,1\n".write(toFile: headerless, atomically: true, encoding: .utf8)
        let result = try fixture.predict(["--input", headerless])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == fixture.expected)
        #expect(result.errors.contains("no header line"), "\(result.errors)")
        let skip = try fixture.predict(["--input", headerless, "--skip-column", "c"])
        #expect(skip.status == 2 && skip.errors.contains("no header line"), "\(skip.errors)")
        // With a header, no note.
        #expect(try fixture.predict(["--input", fixture.input]).errors.isEmpty)
    }

    @Test func inputFromStandardInputIsReadOnceByContent() throws {
        let fixture = try Fixture()
        let csv = try Data(contentsOf: URL(fileURLWithPath: fixture.input))
        for input in ["-", "/dev/stdin"] {
            let result = try fixture.predict(["--input", input], input: csv)
            #expect(result.status == 0, "\(input): \(result.errors)")
            #expect(result.output == fixture.expected, "\(input)")
        }
        // NPY through a pipe: the format comes from the bytes.
        let samples = Tensor(shape: [4, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 1])
        let npy = try fixture.predict(["--input", "-"], input: Data(NPY.encode(samples)))
        #expect(npy.status == 0 && npy.output == fixture.expected, "\(npy.errors)")
        let forced = try fixture.predict(["--input", "-", "--format", "npy"], input: csv)
        #expect(forced.status == 2 && forced.errors.contains("NUMPY"), "\(forced.errors)")
    }

    /// Training data from a FIFO, standard input, a gzipped pipe (process substitution) and a
    /// file whose name says nothing of its format.
    @Test func aDatasetCanBeAStream() throws {
        let folder = try CommandRunner.temporaryFolder().path
        var lines = ["x1,x2,label"]
        for index in 0..<60 { lines.append("\(index % 2 == 0 ? 1 : -1).\(index),\(index % 7),\(index % 2)") }
        let csv = Data((lines.joined(separator: "\n") + "\n").utf8)
        let file = folder + "/points.data"
        try csv.write(to: URL(fileURLWithPath: file))
        let train = ["train", "--epochs", "2", "--json"]

        let named = try CommandRunner.run(train + ["--dataset", file])
        #expect(named.status == 0, "\(named.errors)")
        let stdin = try CommandRunner.run(train + ["--dataset", "/dev/stdin"], input: csv)
        #expect(stdin.status == 0, "\(stdin.errors)")
        #expect(stdin.output.contains("\"test_accuracy\""), "\(stdin.output)")

        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        Thread {
            let writer = FileHandle(forWritingAtPath: fifo)
            try? writer?.write(contentsOf: csv)
            try? writer?.close()
        }.start()
        let piped = try CommandRunner.run(train + ["--dataset", fifo])
        #expect(piped.status == 0, "\(piped.errors)")
        #expect(kind(fifo) == S_IFIFO)

        if FileManager.default.isExecutableFile(atPath: "/bin/bash"), let plexus = CommandRunner.executable?.path {
            let shell = Process()
            shell.executableURL = URL(fileURLWithPath: "/bin/bash")
            shell.arguments = ["-c", "'\(plexus)' train --epochs 2 --quiet --dataset <(gzip -c '\(file)')"]
            shell.standardOutput = FileHandle.nullDevice
            try shell.run()
            shell.waitUntilExit()
            #expect(shell.terminationStatus == 0)
        }
    }

    @Test func binaryStreamsAreRefusedAtOnce() throws {
        for source in ["/dev/zero", "/dev/urandom"] {
            let result = try CommandRunner.run(["train", "--dataset", source])
            #expect(result.status == 2, "\(source): \(result.errors)")
            #expect(result.errors.contains("binary data") && result.errors.contains(source), "\(result.errors)")
        }
    }
}
