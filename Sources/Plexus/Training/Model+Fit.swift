extension Model {
    /// Trains the model by mini-batch gradient descent: for each batch, a forward pass that
    /// records the graph, back-propagation of the loss, and one optimizer step (the step
    /// ``Model/trainOnBatch(_:_:)-(Tensor,_)`` takes).
    ///
    /// ```swift
    /// let history = try model.fit(x, y, epochs: 40, batchSize: 32, validationSplit: 0.1)
    /// ```
    ///
    /// - Parameters:
    ///   - x: the samples, `[rows, features...]`.
    ///   - y: the labels: class indices `[rows]` or `[rows, 1]` for sparse categorical
    ///     cross-entropy, otherwise the shape of the model's output.
    ///   - epochs: how many passes over the training samples to run now (also when continuing
    ///     an earlier run).
    ///   - batchSize: samples per step; the last batch of an epoch may be smaller, nothing is dropped.
    ///   - shuffle: visit the training samples in a new seeded order each epoch.
    ///   - validationSplit: the fraction of samples held out to validate on. Unlike Keras,
    ///     which holds out the last rows as they stand (useless for data sorted by class),
    ///     Plexus holds out a seeded random choice of rows.
    ///   - validationData: samples and labels to validate on instead.
    ///   - callbacks: called as training goes (see ``Callback``).
    ///   - verbose: 0 silent, 1 a progress bar, 2 one line per epoch.
    ///   - initialEpoch: the epoch to start counting from (to continue an earlier run).
    /// - Returns: the loss and metrics of every epoch.
    /// - Throws: ``TrainingError`` before any training, when the model is not compiled or
    ///   the data do not fit it.
    @discardableResult
    public func fit(
        _ x: Tensor, _ y: Tensor, epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
        validationSplit: Float = 0, validationData: (x: Tensor, y: Tensor)? = nil,
        callbacks: [any Callback] = [], verbose: Verbosity = .progressBar, initialEpoch: Int? = nil
    ) throws -> History {
        try fit(
            [x], [y], epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
            validationData: validationData.map { ([$0.x], [$0.y]) }, callbacks: callbacks, verbose: verbose,
            initialEpoch: initialEpoch)
    }

    /// ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)-(Tensor,Tensor,_,_,_,_,_,_,_,_)``
    /// for a model of several inputs: one tensor per input, in order, and the labels of its one output.
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: Tensor, epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
        validationSplit: Float = 0, validationData: (x: [Tensor], y: Tensor)? = nil,
        callbacks: [any Callback] = [], verbose: Verbosity = .progressBar, initialEpoch: Int? = nil
    ) throws -> History {
        try fit(
            x, [y], epochs: epochs, batchSize: batchSize, shuffle: shuffle, validationSplit: validationSplit,
            validationData: validationData.map { ($0.x, [$0.y]) }, callbacks: callbacks, verbose: verbose,
            initialEpoch: initialEpoch)
    }

    /// ``fit(_:_:epochs:batchSize:shuffle:validationSplit:validationData:callbacks:verbose:initialEpoch:)-(Tensor,Tensor,_,_,_,_,_,_,_,_)``
    /// for a model of several inputs and outputs: one tensor per input and one label tensor per
    /// output, in order. The logs hold the total "loss", and for several outputs each output's
    /// "<output layer>_loss" and its metrics as "<output layer>_<metric>".
    @discardableResult
    public func fit(
        _ x: [Tensor], _ y: [Tensor], epochs: Int = 1, batchSize: Int = 32, shuffle: Bool = true,
        validationSplit: Float = 0, validationData: (x: [Tensor], y: [Tensor])? = nil,
        callbacks: [any Callback] = [], verbose: Verbosity = .progressBar, initialEpoch: Int? = nil
    ) throws -> History {
        let optimizer = try compiledForTraining(by: "fit")
        try Model.checkFitArguments(epochs: epochs, batchSize: batchSize, validationSplit: validationSplit)
        try checkData(x, y, batchSize: batchSize)

        // Hold out the validation rows: a seeded random choice, the rest kept in data order.
        var train = (x: x, y: y)
        var validation = validationData
        if let validationData {
            try checkData(
                validationData.x, validationData.y, batchSize: batchSize, role: ("validation x", "validation y"), training: false)
        } else if validationSplit > 0 {
            let (trainRows, heldRows) = try Model.validationRows(rows: x[0].shape[0], fraction: validationSplit, seed: seed)
            validation = (x.map { $0.gatheringRows(heldRows) }, y.map { $0.gatheringRows(heldRows) })
            train = (x.map { $0.gatheringRows(trainRows) }, y.map { $0.gatheringRows(trainRows) })
        }
        // Checked whole above, so the batches need no check of their own.
        return try fitEpochs(
            train: Model.sources(train), validation: validation.map(Model.sources), checkEachBatch: false, optimizer: optimizer,
            epochs: epochs, batchSize: batchSize, shuffle: shuffle, callbacks: callbacks, verbose: verbose, initialEpoch: initialEpoch)
    }

    /// The one training loop, over sources of checked shapes: tensors (checked whole before)
    /// or streamed data (each batch checked as it is read, when `checkEachBatch`). Labels are
    /// scaled batch by batch, as the model's ``outputNormalization`` says.
    func fitEpochs(
        train: (x: [any DataSource], y: [any DataSource]), validation: (x: [any DataSource], y: [any DataSource])?,
        checkEachBatch: Bool, optimizer: any Optimizer, epochs: Int, batchSize: Int, shuffle: Bool, callbacks: [any Callback],
        verbose: Verbosity, initialEpoch: Int?
    ) throws -> History {
        warnAboutOutputActivationOnce()

        let rows = train.x[0].count
        let steps = (rows + batchSize - 1) / batchSize
        let firstEpoch = initialEpoch ?? epochsCompleted
        let rules = try metricRules(labelShapes: train.y.map { [$0.count] + $0.sampleShape })
        let lossNames = outputCount > 1 ? outputNames.map { $0 + "_loss" } : []
        var allCallbacks = callbacks
        if verbose != .silent {
            allCallbacks.append(
                ProgressReporter(
                    epochs: firstEpoch + epochs, steps: steps, firstEpoch: firstEpoch, verbosity: verbose, output: progressOutput))
        }
        let trainable = trainableParameters
        var history = History()
        history.trainingSamples = rows
        history.validationSamples = validation?.x.first?.count ?? 0
        history.batchSize = batchSize
        let clock = ContinuousClock()
        var lastLogs = Logs()
        stopTraining = false
        let ranks = parallelRanks
        let sparse = ranks == nil ? [] : sparseParameters
        if let ranks { joinRanks(ranks) }
        allCallbacks.forEach { $0.onTrainBegin(model: self) }

        epochLoop: for epoch in firstEpoch..<(firstEpoch + epochs) {
            let epochStart = clock.now
            allCallbacks.forEach { $0.onEpochBegin(epoch, model: self) }
            let order = shuffle ? Model.shuffledRows(rows, seed: seed, epoch: epoch) : nil
            // Reads the next batch in the background while a step runs (for streamed data);
            // stops, and waits for a read in flight, when the epoch ends or anything throws.
            let batches = BatchReader(x: train.x, y: train.y, rows: rows, batchSize: batchSize, order: order)
            defer { batches.finish() }
            var lossSum = 0.0
            var outputLossSums = [Double](repeating: 0, count: lossNames.count)
            var metricSums = [(sum: Double, count: Int)](repeating: (0, 0), count: rules.count)
            var seen = 0
            for step in 0..<steps {
                allCallbacks.forEach { $0.onBatchBegin(step, model: self) }
                let (globalBatch, picked) = try batches.next()
                if checkEachBatch { try checkBatch(globalBatch, rows: picked, batchSize: batchSize, sources: train) }
                // With several ranks, this rank's contiguous share of the global batch (a
                // streamed batch is read whole on each rank, then cut).
                let share = ranks.map { Model.share(of: 0..<picked.count, rank: $0.rank, size: $0.size) } ?? 0..<picked.count
                let batch =
                    ranks == nil ? globalBatch : (x: globalBatch.x.map { $0.rows(share) }, y: globalBatch.y.map { $0.rows(share) })
                let xBatch = batch.x, yBatch = scaledTargets(batch.y)
                let parallel = ranks.map {
                    DataParallelStep(communicator: $0, rows: share.count, globalRows: picked.count, sparse: sparse)
                }
                let (batchLoss, batchOutputLosses, predictions) = trainStep(
                    xBatch, yBatch, optimizer: optimizer, parameters: trainable, parallel: parallel)

                // The batch's sums: loss, each output's loss, each metric's sum and count (the
                // ranks' sums added up when there are several).
                var totals = [Double(batchLoss) * Double(share.count)] + batchOutputLosses.map { Double($0) * Double(share.count) }
                for metric in rules where !predictions.isEmpty {
                    let total = metric.rule.batchTotal(predictions: predictions[metric.output], labels: yBatch[metric.output])
                    totals += [total.sum, Double(total.count)]
                }
                if let ranks {
                    if predictions.isEmpty { totals += [Double](repeating: 0, count: 2 * rules.count) }
                    ranks.allReduceSum(&totals)
                }
                seen += picked.count
                lossSum += totals[0]
                for index in outputLossSums.indices { outputLossSums[index] += totals[1 + index] }
                for index in rules.indices {
                    metricSums[index].sum += totals[1 + outputLossSums.count + 2 * index]
                    metricSums[index].count += Int(totals[2 + outputLossSums.count + 2 * index])
                }
                var logs: Logs = ["loss": Float(lossSum / Double(seen))]
                for (index, name) in lossNames.enumerated() { logs[name] = Float(outputLossSums[index] / Double(seen)) }
                for (index, metric) in rules.enumerated() {
                    logs[metric.name] = Float(metricSums[index].sum / Double(Swift.max(metricSums[index].count, 1)))
                }
                lastLogs = logs
                allCallbacks.forEach { $0.onBatchEnd(step, logs: logs, model: self) }
                if stopTraining { break }
            }
            if let ranks { synchronizeState(ranks) }
            if let validation {
                let scores = try evaluateScores(
                    validation.x, validation.y, batchSize: batchSize, rules: rules, checkEachBatch: checkEachBatch)
                for (name, value) in scores { lastLogs["val_" + name] = value }
            }
            epochsCompleted = epoch + 1
            let elapsed = (clock.now - epochStart).components
            history.append(
                epoch: epoch, logs: lastLogs, learningRate: optimizer.learningRate,
                seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
            self.history = history
            allCallbacks.forEach { $0.onEpochEnd(epoch, logs: lastLogs, model: self) }
            if stopTraining { break epochLoop }
        }
        allCallbacks.forEach { $0.onTrainEnd(logs: lastLogs, model: self) }
        return history
    }

    /// The arguments every `fit` checks first.
    static func checkFitArguments(epochs: Int, batchSize: Int, validationSplit: Float) throws {
        guard epochs >= 0, batchSize > 0 else {
            throw TrainingError(.invalidArgument, "fit needs epochs >= 0 and batchSize > 0, got \(epochs) and \(batchSize)")
        }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw TrainingError(.invalidArgument, "validationSplit must be in [0, 1), got \(validationSplit)")
        }
    }

    /// The rows that train and the rows that validate for `validationSplit` of `rows` rows.
    static func validationRows(rows: Int, fraction: Float, seed: UInt64) throws -> (train: [Int], validation: [Int]) {
        let held = Int((Float(rows) * fraction).rounded(.down))
        guard held > 0, held < rows else {
            throw TrainingError(.emptyData, "validationSplit \(fraction) of \(rows) rows leaves no validation or no training rows")
        }
        return validationSplit(rows: rows, held: held, seed: seed)
    }

    /// Tensors as sources, detached so that no pass over them records a graph.
    static func sources(_ data: (x: [Tensor], y: [Tensor])) -> (x: [any DataSource], y: [any DataSource]) {
        (data.x.map { TensorSource($0.detached()) }, data.y.map { TensorSource($0.detached()) })
    }

    /// Which rows train and which validate: `held` rows drawn at random with the model's seed,
    /// both lists in data order.
    static func validationSplit(rows: Int, held: Int, seed: UInt64) -> (train: [Int], validation: [Int]) {
        var generator = RandomGenerator(seed: seed &+ 0x5EED_0000_0000_0001)
        let order = generator.permutation(rows)
        return (Array(order.dropFirst(held)).sorted(), Array(order.prefix(held)).sorted())
    }

    /// The order of the training rows in one epoch: a permutation drawn from the model's seed
    /// and the epoch number alone, so that a run resumed at epoch e shuffles as the original did.
    static func shuffledRows(_ rows: Int, seed: UInt64, epoch: Int) -> [Int] {
        var generator = RandomGenerator(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch + 1))
        return generator.permutation(rows)
    }
}
