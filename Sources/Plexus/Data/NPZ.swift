/// Reading NumPy's `.npz` files: zip archives of `.npy` files, as `np.savez` (stored) and
/// `np.savez_compressed` (deflated) write them.
///
/// ```swift
/// let arrays = try NPZ.load("data.npz")        // from np.savez("data.npz", x=x, y=y)
/// let x = arrays["x"]!
/// ```
public enum NPZ {
    /// The arrays of an `.npz` file, by name (the member names without `.npy`).
    ///
    /// ```swift
    /// let arrays = try NPZ.load("mnist.npz")
    /// print(arrays.keys.sorted())                  // ["x_test", "x_train", "y_test", "y_train"]
    /// ```
    ///
    /// Each array is read as ``NPY/load(_:)`` reads a `.npy` file; members whose names do not
    /// end in `.npy` are skipped.
    /// - Throws: ``DataError`` naming the file (and the member) when it is missing, is not a
    ///   zip archive, is zip64 or encrypted, or holds an array ``NPY`` cannot read.
    public static func load(_ path: String) throws -> [String: Tensor] {
        try parse(try FileBytes.read(path, check: contentCheck(name: path)), name: path)
    }

    /// The first bytes of an `.npz` file as they arrive: a zip archive starts with `PK`.
    static func contentCheck(name: String) -> ContentCheck {
        ContentCheck { prefix in
            guard prefix.starts(with: [0x50, 0x4B]) else {
                let detected = DataFormat.detect(prefix: prefix)
                throw DataError(
                    .malformed, file: name,
                    "\(name): not an .npz file (a zip archive starts with PK)\(detected == .npz ? "" : "; it looks like \(detected.description)")"
                )
            }
            return nil
        }
    }

    /// The arrays in the bytes of an `.npz` file; `name` is how errors refer to it.
    ///
    /// The archive's directory is checked first (members inside the file, sizes within what
    /// deflate can make and the read limit), then each `.npy` member is inflated into a
    /// buffer that grows with what comes out and read as ``NPY`` reads a file.
    /// - Throws: ``DataError`` naming `name` and the member.
    package static func parse(_ bytes: [UInt8], name: String) throws -> [String: Tensor] {
        let archive = try ZipArchive(bytes: bytes, name: name)
        var arrays: [String: Tensor] = [:]
        for entry in archive.entries where entry.name.hasSuffix(".npy") {
            let key = String(entry.name.dropLast(4))
            arrays[key] = try NPY.parse(try archive.contents(of: entry), name: "\(name), array \"\(ErrorText.cut(key))\"")
        }
        return arrays
    }

    /// The pairs of names tried, in order, when ``loadDataset(_:features:labels:)`` is not
    /// told which arrays to use.
    public static let defaultNames: [(features: String, labels: String)] = [
        ("x", "y"), ("X", "y"), ("X", "Y"), ("features", "labels"), ("data", "target"), ("x_train", "y_train"),
    ]

    /// A data set from two arrays of an `.npz` file: the samples and their labels.
    ///
    /// ```swift
    /// let data = try NPZ.loadDataset("data.npz")                                  // x and y
    /// let other = try NPZ.loadDataset("other.npz", features: "images", labels: "digits")
    /// ```
    ///
    /// Without names, the first pair of ``defaultNames`` that the file holds is used (`x`/`y`,
    /// `X`/`y`, `features`/`labels`, ...). Samples of rank 3, `[n, height, width]`, get a
    /// channel axis (`[n, height, width, 1]`) and, like rank-4 samples, an
    /// ``Dataset/imageShape``.
    /// - Throws: ``DataError`` when the file cannot be read, an array is missing (the message
    ///   lists those present) or the two arrays do not have the same number of rows.
    public static func loadDataset(_ path: String, features: String? = nil, labels: String? = nil) throws -> Dataset {
        let arrays = try load(path)
        let available = arrays.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        let pair: (features: String, labels: String)
        if features != nil || labels != nil {
            let defaults = defaultNames.first { arrays[$0.features] != nil && arrays[$0.labels] != nil }
            pair = (features ?? defaults?.features ?? "x", labels ?? defaults?.labels ?? "y")
        } else if let found = defaultNames.first(where: { arrays[$0.features] != nil && arrays[$0.labels] != nil }) {
            pair = found
        } else {
            let tried = defaultNames.map { "\($0.features)/\($0.labels)" }.joined(separator: ", ")
            throw DataError(
                .missingEntry, file: path,
                "\(path): no features and labels arrays under the usual names (\(tried)); the file holds \(available.isEmpty ? "no arrays" : available); name them with features: and labels:"
            )
        }
        for wanted in [pair.features, pair.labels] where arrays[wanted] == nil {
            throw DataError(
                .missingEntry, file: path, "\(path): no array \"\(wanted)\"; the file holds \(available.isEmpty ? "no arrays" : available)")
        }
        var x = arrays[pair.features]!
        let y = arrays[pair.labels]!
        guard x.rank >= 1, y.rank >= 1, x.shape[0] == y.shape[0] else {
            throw DataError(
                .invalidValue, file: path,
                "\(path): features \"\(pair.features)\" of shape \(x.shape) and labels \"\(pair.labels)\" of shape \(y.shape) must have the same number of rows"
            )
        }
        if x.rank == 1 { x = x.reshaped([x.shape[0], 1]) }
        if x.rank == 3 { x = x.reshaped(x.shape + [1]) }
        return Dataset(
            name: path.lastPathComponent, features: x, labels: y,
            imageShape: x.rank == 4 ? Array(x.shape.dropFirst()) : nil)
    }
}
