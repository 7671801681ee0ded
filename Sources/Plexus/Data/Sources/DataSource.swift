/// Rows of samples (or labels) that `fit` and `evaluate` read a batch at a time, by row
/// index, instead of holding them all: tensors in memory (``TensorSource``), one `.npy` file
/// read from disk row by row (``NPYFileSource``), or a folder of `.npy` shards
/// (``NPYFolderSource``).
///
/// ```swift
/// let x = try NPYFileSource("features.npy")      // 1,100,000 x 784, read as needed
/// let y = TensorSource(try NPY.load("labels.npy"))
/// try model.fit(x, y, epochs: 1, batchSize: 128)
/// ```
///
/// Training reads each epoch's batches in the order the tensors' path would take them (a
/// seeded permutation of the rows, or data order without shuffling), so a streamed run is
/// bit for bit the in-memory run on the same rows. While one step runs, the next batch is
/// read on a background queue.
///
/// A source is `Sendable`: the background read calls ``batch(rows:)`` from another thread,
/// so an implementation must allow calls from any thread (the file sources read with `pread`,
/// which has no shared file position).
public protocol DataSource: Sendable {
    /// The number of rows.
    var count: Int { get }
    /// The shape of one row (`[784]`, `[28, 28, 1]`, or `[]` for one label per row).
    var sampleShape: [Int] { get }
    /// How errors and messages refer to the data (a file's path, say).
    var name: String { get }
    /// Whether reading a batch is slow enough (a disk read) to be worth doing on a background
    /// thread while the step before runs; in-memory sources say no, as a thread hand-off
    /// costs more than copying their rows.
    var prefersPrefetch: Bool { get }
    /// The rows at `rows`, in that order, as one tensor of shape `[rows.count] + sampleShape`.
    ///
    /// - Precondition: every index is in `0..<count`.
    /// - Throws: ``DataError`` when the rows cannot be read (a file that shrank, a failing disk).
    func batch(rows: [Int]) throws -> Tensor
}

extension DataSource {
    /// Disk reads are worth prefetching; override for sources in memory.
    public var prefersPrefetch: Bool { true }

    /// The rows at `rows` of this source, in that order, as a source of their own (read from
    /// this one as needed): how a training or validation part is carved out of a file.
    ///
    /// ```swift
    /// let train = source.selecting(rows: Array(0..<1_000_000))
    /// ```
    ///
    /// - Precondition: every index is in `0..<count`.
    public func selecting(rows: [Int]) -> any DataSource {
        let count = self.count
        require(rows.allSatisfy { $0 >= 0 && $0 < count }, "a selected row is out of range 0..<\(count) of \(name)")
        return SelectedRows(base: self, rows: rows)
    }
}

/// A tensor as a ``DataSource``: its first axis is the rows. What `fit` makes of the tensors
/// it is given, so that tensors and files take one path.
public struct TensorSource: DataSource {
    /// The rows, `[count, sample...]`.
    public let tensor: Tensor
    /// How messages refer to the rows.
    public let name: String

    /// The rows of `tensor` (rank at least 1); `name` is how messages refer to them.
    public init(_ tensor: Tensor, name: String = "tensor") {
        require(tensor.rank >= 1, "a data source needs a first (row) axis, got shape \(tensor.shape)")
        self.tensor = tensor
        self.name = name
    }

    /// The length of the first axis.
    public var count: Int { tensor.shape[0] }
    /// The shape of one entry of the first axis.
    public var sampleShape: [Int] { Array(tensor.shape.dropFirst()) }
    /// False: copying rows in memory is cheaper than handing the work to another thread.
    public var prefersPrefetch: Bool { false }

    /// The rows at `rows`, copied (one block copy when they are consecutive).
    public func batch(rows: [Int]) throws -> Tensor {
        // A run of consecutive rows (an unshuffled batch) is one block copy.
        if let first = rows.first, rows.last == first + rows.count - 1, rows.elementsEqual(first..<(first + rows.count)) {
            return tensor.rows(first..<(first + rows.count))
        }
        return tensor.gatheringRows(rows)
    }
}

/// Some rows of another source, read from it as needed.
struct SelectedRows: DataSource {
    let base: any DataSource
    let rows: [Int]

    var count: Int { rows.count }
    var sampleShape: [Int] { base.sampleShape }
    var name: String { base.name }
    var prefersPrefetch: Bool { base.prefersPrefetch }

    func batch(rows picked: [Int]) throws -> Tensor {
        try base.batch(rows: picked.map { rows[$0] })
    }
}
