/// The tensors of a weight file written by another framework, in the order
/// ``WeightMapping/byOrder`` uses: a safetensors file or an NPZ archive, told apart by their
/// first bytes (an NPZ file is a zip archive, `PK\u{3}\u{4}`).
///
/// Names and shapes come from the headers alone (the safetensors header; each NPZ member's
/// NPY header), so that an import can check them all before any tensor's data is read.
final class WeightFile {
    /// One tensor as the file's header describes it.
    struct Item {
        var name: String
        var shape: [Int]
        /// Reads the tensor's data.
        var load: () throws -> Tensor
    }

    /// The tensors, in order.
    let items: [Item]
    private let reader: SafetensorsReader?

    /// Reads the headers of the file at `path`.
    init(_ path: String) throws {
        let file = try InputFile.open(path, name: path)
        var first = [UInt8](repeating: 0, count: 4)
        let got = try first.withUnsafeMutableBytes { try file.readFully(into: $0) }
        let isZip = got == 4 && (first.starts(with: [0x50, 0x4B, 0x03, 0x04]) || first.starts(with: [0x50, 0x4B, 0x05, 0x06]))
        if isZip || file.regularSize == nil {
            // A zip archive, or a pipe: read whole (within the limit), then decide.
            file.handOver(path, prefix: Array(first[0..<got]))
            let bytes = try FileBytes.read(path)
            if isZip {
                reader = nil
                items = try WeightFile.npzItems(bytes, name: path)
                return
            }
            let memory = try SafetensorsReader(bytes: bytes, name: path)
            reader = memory
        } else {
            file.close()
            reader = try SafetensorsReader(path: path)
        }
        let safetensors = reader!
        items = safetensors.header.entries
            .filter { !WeightFile.isBookkeeping($0.name) }
            .sorted { WeightFile.precedes($0.name, $1.name) }
            .map { entry in Item(name: entry.name, shape: entry.shape, load: { try safetensors.tensor(entry) }) }
    }

    deinit { reader?.close() }

    /// The `.npy` members of an archive, their shapes from their headers.
    private static func npzItems(_ bytes: [UInt8], name path: String) throws -> [Item] {
        let archive = try ZipArchive(bytes: bytes, name: path)
        return try archive.entries.filter { $0.name.hasSuffix(".npy") && !isBookkeeping(String($0.name.dropLast(4))) }.map { entry in
            let key = String(entry.name.dropLast(4))
            let arrayName = "\(path), array \"\(ErrorText.cut(key))\""
            let load = { try NPY.parse(try archive.contents(of: entry), name: arrayName) }
            guard let layout = try NPY.layout(try archive.prefix(of: entry, count: 64 << 10), name: arrayName) else {
                // A header longer than 64 KiB (or a truncated one): read the array to learn its shape.
                let tensor = try load()
                return Item(name: key, shape: tensor.shape, load: { tensor })
            }
            return Item(name: key, shape: layout.shape, load: load)
        }
    }

    /// Whether a tensor is not a weight: a saved Plexus model's `optimizer.*` and
    /// `preprocessing.*`, and the batch count PyTorch's batch normalizations keep
    /// (`*.num_batches_tracked`, an int64 scalar).
    static func isBookkeeping(_ name: String) -> Bool {
        name.hasPrefix("optimizer.") || name.hasPrefix("preprocessing.") || name == "num_batches_tracked"
            || name.hasSuffix(".num_batches_tracked")
    }

    /// Layer order for names such as `layers.2.weight`, `fc10.bias`, `dense_1.kernel`: the part
    /// before the last separator compared piece by piece with numbers as numbers, then
    /// kernel/weight (or gamma) before bias (or beta), then the rest by name: a batch
    /// normalization's gamma, beta, moving_mean, moving_variance (PyTorch: weight, bias,
    /// running_mean, running_var), Keras's `get_weights()` order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let (layerA, roleA) = split(a), (layerB, roleB) = split(b)
        if layerA != layerB { return naturalLess(layerA, layerB) }
        if rank(roleA) != rank(roleB) { return rank(roleA) < rank(roleB) }
        return roleA < roleB
    }

    private static func split(_ name: String) -> (layer: String, role: String) {
        guard let separator = name.lastIndex(where: { $0 == "." || $0 == "/" }) else { return ("", name) }
        return (String(name[..<separator]), String(name[name.index(after: separator)...]))
    }

    private static func rank(_ role: String) -> Int {
        switch role.split(separator: ":").first.map(String.init) ?? role {
        case "kernel", "weight", "weights", "w", "gamma": return 0
        case "bias", "b", "beta": return 1
        default: return 2
        }
    }

    /// `a < b` with runs of digits compared as numbers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        let x = pieces(a), y = pieces(b)
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case let (m?, n?): return m < n
            default: return p < q
            }
        }
        return x.count < y.count
    }

    private static func pieces(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var inDigits = false
        for character in text {
            let digit = character.isASCII && character.isNumber
            if !current.isEmpty && digit != inDigits {
                result.append(current)
                current = ""
            }
            inDigits = digit
            current.append(character)
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
