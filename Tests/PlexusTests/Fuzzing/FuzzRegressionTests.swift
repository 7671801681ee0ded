import Foundation
import Testing

/// Every input the fuzzers (Fuzz/, .ci/fuzz) found to crash a reader, kept in
/// Fuzz/Regressions/<target>/, fed to the `plexus` command the way a user would give such a
/// file, with its address space capped at 1 GB: each must end in one clear error line and exit
/// status 2, never a trap, a backtrace, or an allocation its few bytes cannot justify.
///
/// Found so far, all by the gzip/zip inflation sizing its output buffer from a size field
/// before any byte was inflated (fixed by the bounded, streamed readers of the `readers`
/// branch, Sources/Plexus/Data/Gzip.swift and ZipArchive.swift; before it, each of these made
/// the command die with "failed to allocate"):
/// - gzip/trailer-claims-2.5GB.gz: 34 bytes whose gzip trailer states 2,502,042,912 bytes;
/// - idx/trailer-claims-1.2GB.idx.gz: 57 bytes, trailer 1,237,123,197 bytes;
/// - npz/entry-claims-4GB.npz: 444 bytes, a member whose size field says 4,294,705,361 bytes.
@Suite struct FuzzRegressionTests {
    /// The folder of one target's crashing inputs, beside the test sources in the repository.
    static func regressions(_ target: String) -> [URL] {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/Regressions/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    /// How each target's input reaches a reader through the command: the file name it is given
    /// (readers choose by extension and content) and the arguments that read it.
    static let commands: [String: (fileName: String, arguments: @Sendable (String) -> [String])] = [
        "csv": ("data.csv", { ["train", "--dataset", $0, "--epochs", "1", "--quiet"] }),
        "gzip": ("data.csv.gz", { ["train", "--dataset", $0, "--epochs", "1", "--quiet"] }),
        "npz": ("data.npz", { ["train", "--dataset", $0, "--epochs", "1", "--quiet"] }),
        // An IDX folder: the crashing file as every one of the four MNIST files.
        "idx": (
            "train-images-idx3-ubyte.gz",
            { path in
                let folder = (path as NSString).deletingLastPathComponent
                for name in ["train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
                    try? FileManager.default.copyItem(atPath: path, toPath: "\(folder)/\(name)")
                }
                return ["train", "--dataset", folder, "--epochs", "1", "--quiet"]
            }
        ),
        "model": ("model.plexus", { ["summary", "--model", $0] }),
        // Kept as whole .keras files (a config.json the fuzzer found is saved inside one).
        "keras": ("model.keras", { ["summary", "--model", $0] }),
        "safetensors": ("weights.safetensors", { ["train", "--init-weights", $0, "--epochs", "0", "--quiet"] }),
    ]

    /// Whether this test process runs under address or thread sanitizer (its runtime is loaded).
    static let underSanitizer: Bool = {
        let symbols: [String] = ["__asan_init", "__tsan_init"]
        return symbols.contains { (symbol: String) -> Bool in
            #if canImport(Darwin)
                return dlsym(UnsafeMutableRawPointer(bitPattern: -2), symbol) != nil  // RTLD_DEFAULT
            #else
                return dlsym(nil, symbol) != nil
            #endif
        }
    }()

    static var cases: [String] {
        commands.keys.sorted().flatMap { target in regressions(target).map { "\(target)/\($0.lastPathComponent)" } }
    }

    @Test(arguments: cases) func crashingInputIsAClearError(_ name: String) throws {
        let target = String(name.prefix { $0 != "/" })
        let (fileName, arguments) = try #require(Self.commands[target])
        let source = try #require(Self.regressions(target).first { "\(target)/\($0.lastPathComponent)" == name })
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(fileName).path
        try FileManager.default.copyItem(atPath: source.path, toPath: path)

        // A 1 GB address-space cap turns an allocation the input cannot justify into a failure.
        // Under a sanitizer (swift test --sanitize=address or thread) the cap is left off: the
        // sanitizer's own shadow memory is a reservation of terabytes.
        let result = try CommandRunner.run(arguments(path), addressSpaceLimitKB: Self.underSanitizer ? nil : 1 << 20)
        #expect(result.status == 2, "exit status \(result.status); standard error: \(result.errors.prefix(2000))")
        #expect(result.errors.hasPrefix("error: "), "\(result.errors.prefix(2000))")
        #expect(!result.errors.contains("Fatal error") && !result.errors.contains("Backtrace"), "\(result.errors.prefix(2000))")
    }
}
