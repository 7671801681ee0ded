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
        guard epochs >= 0, batchSize > 0 else {
            throw TrainingError(.invalidArgument, "fit needs epochs >= 0 and batchSize > 0, got \(epochs) and \(batchSize)")
        }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw TrainingError(.invalidArgument, "validationSplit must be in [0, 1), got \(validationSplit)")
        }
        try checkData(x, y, batchSize: batchSize)

        // Hold out the validation rows: a seeded random choice, the rest kept in data order.
        let y = scaledTargets(y)
        var train = (x: x, y: y)
        var validation = validationData
        if let validationData {
            try checkData(validationData.x, validationData.y, batchSize: batchSize, role: ("validation x", "validation y"))
            validation = (validationData.x, scaledTargets(validationData.y))
        } else if validationSplit > 0 {
            let rows = x[0].shape[0]
            let held = Int((Float(rows) * validationSplit).rounded(.down))
            guard held > 0, held < rows else {
                throw TrainingError(
                    .emptyData, "validationSplit \(validationSplit) of \(rows) rows leaves no validation or no training rows")
            }
            let (trainRows, heldRows) = Model.validationSplit(rows: rows, held: held, seed: seed)
            validation = (x.map { $0.gatheringRows(heldRows) }, y.map { $0.gatheringRows(heldRows) })
            train = (x.map { $0.gatheringRows(trainRows) }, y.map { $0.gatheringRows(trainRows) })
        }

        warnAboutOutputActivationOnce()

        let rows = train.x[0].shape[0]
        let steps = (rows + batchSize - 1) / batchSize
        let firstEpoch = initialEpoch ?? epochsCompleted
        let rules = metricRules(labelShapes: y.map(\.shape))
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
        history.validationSamples = validation?.x.first?.shape.first ?? 0
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
            var lossSum = 0.0
            var outputLossSums = [Double](repeating: 0, count: lossNames.count)
            var metricSums = [(sum: Double, count: Int)](repeating: (0, 0), count: rules.count)
            var seen = 0
            for step in 0..<steps {
                allCallbacks.forEach { $0.onBatchBegin(step, model: self) }
                let globalRange = (step * batchSize)..<Swift.min((step + 1) * batchSize, rows)
                // With several ranks, this rank's share of the global batch.
                let range = ranks.map { Model.share(of: globalRange, rank: $0.rank, size: $0.size) } ?? globalRange
                let xBatch: [Tensor], yBatch: [Tensor]
                if let order {
                    let picked = Array(order[range])
                    xBatch = train.x.map { $0.gatheringRows(picked) }
                    yBatch = train.y.map { $0.gatheringRows(picked) }
                } else {
                    xBatch = train.x.map { $0.rows(range) }
                    yBatch = train.y.map { $0.rows(range) }
                }
                let parallel = ranks.map {
                    DataParallelStep(communicator: $0, rows: range.count, globalRows: globalRange.count, sparse: sparse)
                }
                let (batchLoss, batchOutputLosses, predictions) = trainStep(
                    xBatch, yBatch, optimizer: optimizer, parameters: trainable, parallel: parallel)

                // The batch's sums: loss, each output's loss, each metric's sum and count (the
                // ranks' sums added up when there are several).
                var totals = [Double(batchLoss) * Double(range.count)] + batchOutputLosses.map { Double($0) * Double(range.count) }
                for metric in rules where !predictions.isEmpty {
                    let total = metric.rule.batchTotal(predictions: predictions[metric.output], labels: yBatch[metric.output])
                    totals += [total.sum, Double(total.count)]
                }
                if let ranks {
                    if predictions.isEmpty { totals += [Double](repeating: 0, count: 2 * rules.count) }
                    ranks.allReduceSum(&totals)
                }
                seen += globalRange.count
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
                let scores = evaluateScores(validation.x, validation.y, batchSize: batchSize, rules: rules)
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
