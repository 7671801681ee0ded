/// The tensors of a weight file written by another framework, in the order
/// ``WeightMapping/byOrder`` uses: a safetensors file or an NPZ archive, told apart by their
/// first bytes (an NPZ file is a zip archive, `PK\u{3}\u{4}`).
enum WeightFile {
    static func read(_ path: String) throws -> [(name: String, tensor: Tensor)] {
        let bytes = try FileBytes.read(path)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            let archive = try ZipArchive(bytes: bytes, name: path)
            return try archive.entries.filter { $0.name.hasSuffix(".npy") }.map { entry in
                let key = String(entry.name.dropLast(4))
                return (key, try NPY.parse(try archive.contents(of: entry), name: "\(path), array \"\(key)\""))
            }
        }
        let reader = try SafetensorsReader(path: path)
        defer { reader.close() }
        let tensors = try reader.tensors().filter { !$0.name.hasPrefix("optimizer.") && !$0.name.hasPrefix("preprocessing.") }
        return tensors.sorted { WeightFile.precedes($0.name, $1.name) }
    }

    /// Layer order for names such as `layers.2.weight`, `fc10.bias`, `dense_1.kernel`: the part
    /// before the last separator compared piece by piece with numbers as numbers, then
    /// kernel/weight before bias.
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
        case "kernel", "weight", "weights", "w": return 0
        case "bias", "b": return 1
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
