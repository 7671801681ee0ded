/// Reading and writing the safetensors format of Hugging Face: named tensors and a map of
/// strings, in one file that PyTorch, NumPy, JAX and Rust tools read.
///
/// ```swift
/// try Safetensors.write(["embedding": table], metadata: ["source": "plexus"], to: "table.safetensors")
/// let (tensors, metadata) = try Safetensors.read("table.safetensors")
/// ```
///
/// A model saves itself in this format with ``Model/save(to:includeOptimizer:)``; this
/// is the plain container, for exchanging tensors.
public enum Safetensors {
    /// The tensors of a file (converted to `Float` from F32, F64, F16, BF16, I64, I32, I16, I8,
    /// U8 or BOOL) and its `__metadata__`.
    ///
    /// The file is checked before anything is allocated for its tensors: the header's length
    /// against the file's size, the header's JSON, each tensor's dtype and shape against its
    /// byte count, and that the tensors cover the data area exactly.
    /// - Throws: ``ModelFileError`` saying what is wrong with the file, or ``DataError`` when
    ///   it cannot be read.
    public static func read(_ path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let reader = try SafetensorsReader(path: path)
        defer { reader.close() }
        let tensors = try reader.tensors()
        return (Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.tensor) }), reader.header.metadata)
    }

    /// Writes `tensors` (as F32, in name order) and `metadata` to `path`, atomically: a crash
    /// leaves the old file or the new one, never a mix.
    ///
    /// ```swift
    /// try Safetensors.write(["w": Tensor([[1, 2], [3, 4]])], to: "w.safetensors")
    /// ```
    /// - Throws: ``DataError`` when the file cannot be written.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        let ordered = tensors.keys.sorted().map { (name: $0, tensor: tensors[$0]!) }
        try AtomicFile.write(SafetensorsWriter.encode(ordered, metadata: metadata), to: path)
    }
}
