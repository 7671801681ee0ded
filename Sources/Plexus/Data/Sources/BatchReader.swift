/// The batches of one pass over sources, read in a given order of rows: each call of
/// ``next()`` returns one batch of every source, and, when a source ``DataSource/prefersPrefetch``,
/// starts reading the following batch on a thread of its own so that it is ready when the
/// step in between ends; when no thread can be made, it reads each batch when asked.
///
/// At most one read is in flight, and none outlives the reader: ``finish()`` (also run by
/// `deinit`) waits for it, so training that stops early, or throws, leaves no thread reading
/// behind it.
final class BatchReader {
    typealias Batch = (x: [Tensor], y: [Tensor])

    private let x: [any DataSource]
    private let y: [any DataSource]
    /// The rows in the order they are visited; nil for data order.
    private let order: [Int]?
    private let rows: Int
    private let batchSize: Int
    /// The thread that reads ahead; nil when no source prefers it, or no thread could be made.
    private let reader: BackgroundThread?
    private var step = 0
    /// The batch read in the background, once it is read.
    private let pending = Locked<Result<Batch, any Error>?>(nil)

    /// Batches of `batchSize` rows of `x` and `y` (all of `rows` rows), in `order` (or data
    /// order); the last batch may be smaller.
    init(x: [any DataSource], y: [any DataSource], rows: Int, batchSize: Int, order: [Int]?) {
        self.x = x
        self.y = y
        self.rows = rows
        self.batchSize = batchSize
        self.order = order
        reader = rows > 0 && (x + y).contains(where: \.prefersPrefetch) ? BackgroundThread.start() : nil
        if reader != nil { startReading(step: 0) }
    }

    deinit { finish() }

    /// The number of batches.
    var steps: Int { (rows + batchSize - 1) / batchSize }

    /// The row indices of batch `step`.
    func rowIndices(step: Int) -> [Int] {
        let range = (step * batchSize)..<Swift.min((step + 1) * batchSize, rows)
        return order.map { Array($0[range]) } ?? Array(range)
    }

    /// The next batch, and its row indices (for messages); the read's error, if it failed.
    func next() throws -> (batch: Batch, rows: [Int]) {
        require(step < steps, "BatchReader.next() called after the last batch")
        let indices = rowIndices(step: step)
        let result: Result<Batch, any Error>
        if let reader {
            reader.waitUntilIdle()
            result = pending.withLock { value in
                defer { value = nil }
                return value!
            }
            // After a failed read, nothing more is read: the error ends the pass.
            if step + 1 < steps, case .success = result { startReading(step: step + 1) }
        } else {
            result = Result { try BatchReader.read(x, y, indices) }
        }
        step += 1
        return (try result.get(), indices)
    }

    /// Waits for the read in flight, if any.
    func finish() {
        reader?.waitUntilIdle()
    }

    private func startReading(step: Int) {
        let (x, y, indices, pending) = (self.x, self.y, rowIndices(step: step), self.pending)
        reader?.run {
            let result = Result { try BatchReader.read(x, y, indices) }
            pending.withLock { $0 = result }
        }
    }

    private static func read(_ x: [any DataSource], _ y: [any DataSource], _ rows: [Int]) throws -> Batch {
        (try x.map { try $0.batch(rows: rows) }, try y.map { try $0.batch(rows: rows) })
    }
}
