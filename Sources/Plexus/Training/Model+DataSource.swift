// `fit`, `evaluate` and `predict` on data sources: rows read a batch at a time (from disk, for
// the file sources) instead of tensors held whole. The training loop is the tensors' own
// (`fitEpochs`); what differs is that streamed data cannot be checked whole before training,
// so each batch is checked as it is read.

extension Model {
    /// Trains the model on rows read from data sources as needed: the data may be larger than
    /// memory (see ``NPYFileSource``). The same training as
    /// ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)-(Tensor,Tensor,_,_,_,_,_,_,_,_)``
    /// on the same rows, bit for bit: the same seeded choice of validation rows, the same
    /// batches in the same order.
    ///
    /// ```swift
    /// let x = try NPYFileSource("features.npy"), y = try NPYFileSource("labels.npy")
    /// try model.fit(x, y, epochs: 1, batchSize: 128, validationSplit: 0.05)
    /// ```
    ///
    /// Shuffling is a full random order: each epoch visits the rows in a seeded permutation
    /// (from the model's seed and the epoch), each row read where it is, so batches are drawn
    /// from the whole data set, not from a window of it. A file source reads consecutive rows
    /// of a batch in one read; shuffled rows are one read each (cheap once the file is in the
    /// page cache, slow on a spinning disk: use `shuffle: false` on data stored in random order).
    /// While a step runs, the next batch is read on a background queue.
    ///
    /// The first batch is checked before training (and builds the model); the others as they
    /// are read, so a non-finite value or a bad label deep in the file stops training there
    /// with a ``TrainingError`` naming the rows.
    ///
    /// - Parameters:
    ///   - x: the samples, one row per sample.
    ///   - y: the labels, one row per sample, as the tensors' `fit` takes them.
    ///   - epochs: passes over the training rows, as the tensors' `fit` takes them.
    ///   - batchSize: rows per step; the last batch of an epoch may be smaller.
    ///   - shuffle: visit the training rows in a new seeded order each epoch.
    ///   - validationSplit: the fraction of rows held out (a seeded random choice) to validate on.
    ///   - validationData: sources to validate on instead of a split.
    ///   - callbacks: called as training goes (see ``Callback``).
    ///   - verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
    ///   - initialEpoch: the epoch to start counting from (to continue an earlier run).
    /// - Throws: ``TrainingError`` when the model is not compiled, the sources have different
    ///   row counts or no rows, or a batch does not fit the model; ``DataError`` when a read fails.
    @discardableResult
    public func fit(
        _ x: any DataSource, _ y: any DataSource, epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
        validationSplit: Float = 0, validationData: (x: any DataSource, y: any DataSource)? = nil,
        callbacks: [any Callback] = [], verbose: Verbosity = .progressBar, initialEpoch: Int? = nil
    ) throws -> History {
        let optimizer = try compiledForTraining(by: "fit")
        try Model.checkFitArguments(epochs: epochs, batchSize: batchSize, validationSplit: validationSplit)
        var train: (x: [any DataSource], y: [any DataSource]) = ([x], [y])
        try checkFirstBatch(train, batchSize: batchSize, role: ("x", "y"))
        var validation = validationData.map { (x: [$0.x], y: [$0.y]) }
        if let validation {
            try checkFirstBatch(validation, batchSize: batchSize, role: ("validation x", "validation y"))
        } else if validationSplit > 0 {
            let (trainRows, heldRows) = try Model.validationRows(rows: x.count, fraction: validationSplit, seed: seed)
            validation = ([x.selecting(rows: heldRows)], [y.selecting(rows: heldRows)])
            train = ([x.selecting(rows: trainRows)], [y.selecting(rows: trainRows)])
        }
        return try fitEpochs(
            train: train, validation: validation, checkEachBatch: true, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
            shuffle: shuffle, callbacks: callbacks, verbose: verbose, initialEpoch: initialEpoch)
    }

    /// The loss and metrics on rows read from data sources a batch at a time, as
    /// ``evaluate(_:_:batchSize:)-(Tensor,Tensor,_)`` computes them on tensors.
    ///
    /// ```swift
    /// let scores = try model.evaluate(try NPYFileSource("test-x.npy"), try NPYFileSource("test-y.npy"), batchSize: 256)
    /// ```
    ///
    /// - Throws: ``TrainingError`` when the model is not compiled, the sources differ in row
    ///   count or a batch does not fit the model; ``DataError`` when a read fails.
    public func evaluate(_ x: any DataSource, _ y: any DataSource, batchSize: Int = 32) throws -> [String: Float] {
        guard loss != nil else {
            throw TrainingError(.notCompiled, "model '\(name)' must be compiled (loss and optimizer) before evaluate")
        }
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        let data: (x: [any DataSource], y: [any DataSource]) = ([x], [y])
        try checkFirstBatch(data, batchSize: batchSize, role: ("x", "y"))
        return try evaluateScores(
            data.x, data.y, batchSize: batchSize, rules: try metricRules(labelShapes: [[y.count] + y.sampleShape]), checkEachBatch: true)
    }

    /// The model's output for rows read from a data source a batch at a time (one input, one
    /// output), as ``predict(_:batchSize:)-(Tensor,_)`` computes it on a tensor; the outputs
    /// are held in memory.
    ///
    /// - Throws: ``TrainingError`` when a batch does not fit the model, ``DataError`` when a read fails.
    public func predict(_ x: any DataSource, batchSize: Int = 32) throws -> Tensor {
        guard outputCount == 1 else {
            throw TrainingError(.invalidArgument, "model '\(name)' has \(outputCount) outputs; predict on a data source gives one")
        }
        guard batchSize > 0 else { throw TrainingError(.invalidArgument, "batchSize must be positive, got \(batchSize)") }
        guard x.count > 0 else { throw TrainingError(.emptyData, "\(x.name) has no rows to predict") }
        let batches = BatchReader(x: [x], y: [], rows: x.count, batchSize: batchSize, order: nil)
        defer { batches.finish() }
        var outputs: [Tensor] = []
        for _ in 0..<batches.steps {
            let (batch, picked) = try batches.next()
            try Model.naming(picked, of: x.name) {
                try checkInputs(batch.x)
                try checkPreprocessing(x: batch.x)
                try prepareArchitecture(for: batch.x, batchSize: batchSize, training: false)
            }
            outputs.append(withSubnormalsFlushed { forward(batch.x, training: false)[0] })
        }
        return unscaledOutputs([outputs.count == 1 ? outputs[0] : Tensor.concatenate(outputs, alongAxis: 0)])[0]
    }

    /// Checks that the sources have rows, the same number each, and that their first batch
    /// fits the model (which builds it from its seed if needed).
    func checkFirstBatch(_ data: (x: [any DataSource], y: [any DataSource]), batchSize: Int, role: (x: String, y: String)) throws {
        let rows = data.x[0].count
        for source in data.x + data.y where source.count != rows {
            throw TrainingError(
                .shapeMismatch,
                "\(role.x) and \(role.y) must have the same number of rows: \(data.x[0].name) has \(rows), \(source.name) has \(source.count)"
            )
        }
        guard rows > 0 else { throw TrainingError(.emptyData, "\(role.x) (\(data.x[0].name)) has no samples") }
        let first = Array(0..<Swift.min(batchSize, rows))
        let batch = (x: try data.x.map { try $0.batch(rows: first) }, y: try data.y.map { try $0.batch(rows: first) })
        try checkBatch(batch, rows: first, batchSize: batchSize, sources: data, role: role)
    }

    /// The checks `fit` makes of tensors, made of one streamed batch; errors name its rows.
    func checkBatch(
        _ batch: (x: [Tensor], y: [Tensor]), rows: [Int], batchSize: Int, sources: (x: [any DataSource], y: [any DataSource]),
        role: (x: String, y: String) = ("x", "y")
    ) throws {
        try Model.naming(rows, of: sources.x[0].name) { try checkData(batch.x, batch.y, batchSize: batchSize, role: role) }
    }

    /// Runs `body`, adding to a ``TrainingError`` which rows of `name` it is about.
    static func naming(_ rows: [Int], of name: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as TrainingError {
            let shown = rows.prefix(4).map(String.init).joined(separator: ", ") + (rows.count > 4 ? ", ..." : "")
            throw TrainingError(error.kind, "\(ErrorText.cut(name)), batch of rows [\(shown)]: \(error.description)")
        }
    }
}
