import Foundation

/// A folder of `.npy` shards as one ``DataSource``: the files whose names end in `.npy`,
/// in sorted name order (`part-000.npy`, `part-001.npy`, ...), their rows one after another,
/// each file read by rows as ``NPYFileSource`` reads it. Every shard must have the same dtype
/// and row shape; a shard of no rows is allowed.
///
/// ```swift
/// let x = try NPYFolderSource("shards/")         // shards/part-000.npy, shards/part-001.npy
/// ```
public final class NPYFolderSource: DataSource {
    /// The folder's path, as given.
    public let name: String
    /// The rows of all shards together.
    public let count: Int
    /// The shape of one row, the same in every shard.
    public let sampleShape: [Int]
    /// The shards in the order their rows come.
    private let shards: [NPYFileSource]
    /// Where each shard's rows start among all rows, and one past the last.
    private let starts: [Int]

    /// The most shards a folder may hold: each is an open file while training.
    static let maximumShards = 4096

    /// Opens every `.npy` file in the folder at `path` (other files are ignored) and checks
    /// each header against its file, and all of them against the first.
    ///
    /// - Throws: ``DataError`` when the folder cannot be read, holds no `.npy` file or more
    ///   than 4096, or a shard is not a `.npy` file that ``NPYFileSource`` reads, or differs
    ///   from the first shard in dtype or row shape.
    public init(_ path: String) throws {
        name = path
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".npy") }.sorted()
        } catch {
            throw DataError(.fileNotFound, file: path, "\(path): cannot list the folder's files (\(ErrorText.cut("\(error)")))")
        }
        guard !names.isEmpty else { throw DataError(.empty, file: path, "\(path): the folder holds no .npy files") }
        guard names.count <= NPYFolderSource.maximumShards else {
            throw DataError(
                .tooLarge, file: path,
                "\(path): \(names.count) .npy files, more than the \(NPYFolderSource.maximumShards) shards read at once")
        }
        let folder = path.hasSuffix("/") ? path : path + "/"
        var shards: [NPYFileSource] = []
        var starts = [0]
        for name in names {
            let shard = try NPYFileSource(folder + name)
            if let first = shards.first, shard.sampleShape != first.sampleShape || shard.descr != first.descr {
                throw DataError(
                    .invalidValue, file: shard.name,
                    "\(shard.name): rows of shape \(NPY.shapeText(shard.sampleShape)) of '\(shard.descr)', but \(first.name) has rows of shape \(NPY.shapeText(first.sampleShape)) of '\(first.descr)'; every shard must have the same dtype and row shape"
                )
            }
            let (total, overflow) = starts.last!.addingReportingOverflow(shard.count)
            guard !overflow else { throw DataError(.tooLarge, file: path, "\(path): the shards hold more rows than can be counted") }
            shards.append(shard)
            starts.append(total)
        }
        self.shards = shards
        self.starts = starts
        count = starts.last!
        sampleShape = shards[0].sampleShape
    }

    /// The rows at `rows` (counted over all shards), in that order; consecutive rows of one
    /// shard are one read.
    public func batch(rows: [Int]) throws -> Tensor {
        var tensor = Tensor(uninitializedShape: [rows.count] + sampleShape)
        let rowValues = sampleShape.reduce(1, *)
        try tensor.withUnsafeMutableBufferPointer { output in
            var position = 0
            while position < rows.count {
                let row = rows[position]
                require(row >= 0 && row < count, "row \(row) is out of range 0..<\(count) of \(name)")
                let shard = shardIndex(of: row)
                var run = 1
                while position + run < rows.count, rows[position + run] == row + run, row + run < starts[shard + 1] { run += 1 }
                let local = row - starts[shard]
                try shards[shard].readRows(local..<(local + run), into: output.baseAddress! + position * rowValues)
                position += run
            }
        }
        return tensor
    }

    /// The shard that holds `row`: the last one starting at or before it (a binary search;
    /// empty shards, which start where the next one does, are passed over).
    private func shardIndex(of row: Int) -> Int {
        var low = 0, high = shards.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
