extension Datasets {
    /// The training and test sets of an MNIST-style folder: four IDX files named as MNIST's
    /// are (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
    /// `t10k-labels-idx1-ubyte`), each plain or with `.gz`, or with a `.` before `idx`
    /// (`train-images.idx3-ubyte`), as some copies have them.
    ///
    /// ```swift
    /// let (train, test) = try Datasets.idxFolder("~/data/mnist")
    /// ```
    ///
    /// Images become `[n, height, width, 1]` with ``Dataset/imageShape`` `[height, width, 1]`,
    /// pixel values as stored (0...255).
    /// - Throws: ``DataError`` when the folder or one of the files is missing (the message says
    ///   which names were looked for), the path is not a folder (a file, a device: the message
    ///   says which), or a file cannot be read.
    public static func idxFolder(_ path: String, classNames: [String]? = nil, name: String? = nil) throws -> (train: Dataset, test: Dataset)
    {
        let folder = expandingTilde(path)
        if let problem = FileBytes.folderProblem(folder) {
            let kind: DataError.Kind = FileBytes.exists(folder) ? .ioFailure : .fileNotFound
            throw DataError(kind, file: path, "\(path): \(problem)")
        }
        let setName = name ?? folder.lastPathComponent
        func find(_ part: String, _ kind: String, _ rank: Int) throws -> String {
            try idxFile(in: folder, shownAs: path, part: part, kind: kind, rank: rank)
        }
        let train = try IDX.loadDataset(
            images: try find("train", "images", 3), labels: try find("train", "labels", 1), classNames: classNames, name: "\(setName) train"
        )
        let test = try IDX.loadDataset(
            images: try find("t10k", "images", 3), labels: try find("t10k", "labels", 1), classNames: classNames, name: "\(setName) test")
        return (train, test)
    }

    /// The path of one of an MNIST-style folder's files, `part` "train" or "t10k", `kind`
    /// "images" or "labels", under any of the names ``idxFolder(_:classNames:name:)`` accepts;
    /// messages call the folder `shownAs`.
    package static func idxFile(in folder: String, shownAs path: String, part: String, kind: String, rank: Int) throws
        -> String
    {
        let candidates = ["\(part)-\(kind)-idx\(rank)-ubyte", "\(part)-\(kind).idx\(rank)-ubyte"].flatMap { [$0 + ".gz", $0] }
        for candidate in candidates where FileBytes.exists("\(folder)/\(candidate)") {
            return "\(folder)/\(candidate)"
        }
        throw DataError(
            .fileNotFound, file: "\(folder)/\(candidates[0])",
            "\(path): no \(candidates[0]) (or \(candidates[1...].joined(separator: ", "))) in the folder; an MNIST-style folder holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each optionally .gz"
        )
    }

    /// `path` with a leading `~` replaced by the home folder.
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = Environment.value(of: "HOME") else { return path }
        return home + path.dropFirst()
    }
}
