/// Byte-level doors into the readers, for the libFuzzer targets in `Fuzz/`.
///
/// The fuzzers live in a package of their own (it is built with `--sanitize=fuzzer`, which
/// this package must never need), so they can only see public declarations. These are public
/// behind the `Fuzzing` SPI: `@_spi(Fuzzing) import Plexus` sees them, an ordinary
/// `import Plexus` does not, and they are no part of the documented API.
///
/// Each entry point hands untrusted bytes to one reader exactly as a file's contents would
/// reach it, and returns normally or throws; anything else (a trap, a sanitizer report, an
/// allocation the bytes cannot justify) is a bug in the reader.
@_spi(Fuzzing) public enum FuzzEntryPoints {
    /// The CSV tokenizer over every field (as text and as a number), then the data set
    /// loader, with the delimiter and label column a user could choose.
    public static func csv(_ bytes: [UInt8]) throws {
        let tokenizer = CSVTokenizer(separator: .byte(UInt8(ascii: ",")), name: "fuzz.csv")
        try? bytes.withUnsafeBufferPointer { buffer in
            try tokenizer.forEachRecord(in: buffer) { _, fields in
                for field in fields {
                    _ = CSVTokenizer.text(of: field, in: buffer)
                    _ = CSVTokenizer.number(in: field, of: buffer)
                }
            }
        }
        _ = try? CSV.parse(bytes, name: "fuzz.csv", labelColumn: "label", delimiter: ";")
        _ = try CSV.parse(bytes, name: "fuzz.csv")
    }

    /// gzip decompression, as `.csv.gz` and `.gz` IDX files reach it.
    public static func gzip(_ bytes: [UInt8]) throws {
        _ = try Gzip.decompress(bytes, name: "fuzz.gz")
    }

    /// One `.npy` array.
    public static func npy(_ bytes: [UInt8]) throws {
        _ = try NPY.parse(bytes, name: "fuzz.npy")
    }

    /// An `.npz` archive: the zip directory, each member's inflation and its `.npy` array.
    public static func npz(_ bytes: [UInt8]) throws {
        _ = try NPZ.parse(bytes, name: "fuzz.npz")
    }

    /// One IDX array (MNIST's format), after gzip decompression when the bytes are gzip data.
    public static func idx(_ bytes: [UInt8]) throws {
        let contents = Gzip.isGzip(bytes) ? try Gzip.decompress(bytes, name: "fuzz.idx.gz") : bytes
        _ = try IDX.parse(contents, name: "fuzz.idx")
    }

    /// A safetensors header: the length field against the size, then the JSON and every
    /// tensor's dtype, shape and byte range. Reading the tensors needs a file: see the
    /// fuzzer, which also calls ``Safetensors/read(_:)`` on the same bytes.
    public static func safetensorsHeader(_ bytes: [UInt8]) throws {
        let length = try SafetensorsHeader.headerLength(prefix: Array(bytes.prefix(8)), fileSize: bytes.count, name: "fuzz.safetensors")
        _ = try SafetensorsHeader(json: bytes[8..<(8 + length)], dataSize: bytes.count - 8 - length, name: "fuzz.safetensors")
    }

    /// The input shapes a layer specification is built for.
    public static let specificationInputShapes: [[Int]] = [[4], [64], [8, 8, 1], [28, 28, 1], [5, 3, 2]]

    /// A `--layers` specification: parsed, planned (``ArchitecturePlan``) for each of
    /// ``specificationInputShapes`` under small limits (2^16 parameters, 1 MB of activations
    /// per sample, so that one iteration stays fast), and, where the plan passes, built and run
    /// on one sample.
    ///
    /// A specification whose plan passes must build and run: a trap there means the plan lets
    /// through a model that cannot work.
    public static func layerSpecification(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let limits = SizeLimits(maximumParameters: 1 << 16, maximumActivationBytes: 1 << 20)
        for inputShape in specificationInputShapes {
            let layers = try LayerSpecification.parse(text)
            guard (try? ArchitecturePlan(layers: layers, inputShape: inputShape, limits: limits)) != nil else { continue }
            let model = Sequential(layers, inputShape: inputShape, seed: 1)
            _ = try model.predict(Tensor(shape: [1] + inputShape, repeating: 0))
        }
    }

    /// The bytes of a `.keras` file whose `config.json` is `config` and whose weight file is
    /// empty: loading it runs everything before the weights (the model's class, its layers,
    /// graph and compile settings) on the fuzzed JSON, then stops at the weights.
    public static func kerasArchive(config: [UInt8]) throws -> [UInt8] {
        try ZipWriter.archive(
            [
                (KerasArchive.metadataMember, Array(#"{"keras_version": "3.15.1"}"#.utf8)), (KerasArchive.configMember, config),
                (KerasArchive.weightsMember, []),
            ], name: "fuzz.keras")
    }
}
