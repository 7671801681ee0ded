import Foundation
import Plexus

/// `plexus train --dataset features.npy --labels labels.npy` (or folders of NPY shards for
/// either): training on features read from disk a batch at a time, never whole, so they may
/// be larger than memory. The labels (one row per sample, small beside the features) are read
/// into memory: they decide the task, the classes and the split.
///
/// What differs from data held in memory: the test part is the same seeded (stratified) choice
/// of rows, but both parts keep file order (so `--no-shuffle` reads the file front to back);
/// `--normalize` statistics are computed in two streamed passes over the training rows before
/// training; the layers are planned from the first 4096 training rows; `--report` is refused
/// (it draws test samples, which are not held); the test part is evaluated streamed too.
struct StreamedTraining {
    /// The most training rows the layers are planned from.
    static let planningRows = 4096

    let command: TrainCommand

    /// Opens `--dataset` (an NPY file or a folder of shards) as a data source.
    static func open(_ path: String, option: String) throws -> any DataSource {
        switch try InputPath.kind(of: path, whatIsWanted: "an NPY file or a folder of NPY shards for \(option)") {
        case .folder: return try NPYFolderSource(path)
        case .file: return try NPYFileSource(path)
        case .stream:
            throw InputError(
                "\(quoted(path)) is a pipe; streamed training (--labels) reads rows where they are, so \(option) needs a file or a folder")
        }
    }

    /// The labels of every row, read whole after checking that there is one row per sample.
    static func labels(_ path: String, features: any DataSource) throws -> Tensor {
        let labels = try open(path, option: "--labels")
        guard labels.count == features.count else {
            throw InputError(
                "\(quoted(path)) has \(labels.count) label rows, but \(quoted(features.name)) has \(features.count) samples: give one label row per sample"
            )
        }
        let width = labels.sampleShape.reduce(1, *)
        guard width > 0, labels.count.multipliedReportingOverflow(by: width * 4).partialValue <= ReadLimits.maximumInputBytes else {
            throw InputError("\(quoted(path)) has labels of shape \(labels.sampleShape) per sample: too large to hold as labels")
        }
        return try labels.batch(rows: Array(0..<labels.count))
    }

    func run(labelsPath: String, board: TensorBoard?, ranks: OpenMPI?) throws {
        let command = self.command
        if command.report != nil {
            throw InputError("--report draws test samples, which are not held in memory with --labels; leave out --report")
        }
        if let format = command.data.format, format != .npy {
            throw InputError("--labels streams NPY files; --format \(format.rawValue) does not fit")
        }
        let features = try StreamedTraining.open(command.data.dataset, option: "--dataset")
        let labels = try StreamedTraining.labels(labelsPath, features: features)
        let sampleShape = features.sampleShape
        guard !sampleShape.isEmpty, sampleShape.allSatisfy({ $0 > 0 }) else {
            throw InputError("\(quoted(features.name)) has samples of shape \(sampleShape): there are no features to learn from")
        }
        let testFraction = command.data.testFraction
        guard testFraction > 0, testFraction < 1 else { throw InputError("--test-fraction must be between 0 and 1, got \(testFraction)") }
        guard features.count >= 2 else { throw InputError("\(quoted(features.name)) has \(features.count) sample(s): too few to split") }

        // The split the labels alone decide, as for data in memory; each part in file order.
        let name = URL(fileURLWithPath: features.name).lastPathComponent
        let all = Dataset(name: name, features: .zeros([labels.shape[0], 1]), labels: labels)
        var (trainRows, testRows) = all.splitRows(testFraction: testFraction, seed: command.data.seed)
        trainRows.sort()
        testRows.sort()
        if let limit = command.limit { trainRows = Array(trainRows.prefix(limit)) }
        let encoding = try TrainingDataChecks.encoding(
            train: all.selecting(rows: trainRows), test: all.selecting(rows: testRows), loss: command.loss)

        // The layers are planned from the first training rows; the scaling comes from all of them.
        let planned = Array(trainRows.prefix(StreamedTraining.planningRows))
        let sample = Dataset(
            name: name, features: try features.batch(rows: planned), labels: labels.gatheringRows(planned),
            imageShape: sampleShape.count == 3 ? sampleShape : nil)
        let scaling: Normalization.Method?
        switch command.normalize ?? .standard {
        case .standard: scaling = .standard
        case .minmax: scaling = .minMax
        case .none: scaling = nil
        }
        let plan = try TrainingPlan(
            train: sample, encoding: encoding, layers: command.layers, model: command.model, loss: command.loss,
            optimizer: command.optimizer, learningRate: command.learningRate, weightDecay: command.weightDecay,
            normalize: NormalizeChoice.none,
            seed: command.data.seed)
        try plan.network.checkActivations(batchSize: Swift.min(command.batchSize, trainRows.count))
        let network = plan.network
        let trainX = ReshapedRows(base: features.selecting(rows: trainRows), sampleShape: plan.sampleShape)
        let testX = ReshapedRows(base: features.selecting(rows: testRows), sampleShape: plan.sampleShape)
        if let scaling { network.inputNormalization = try Normalization.fit(trainX, method: scaling) }
        let classes = try encoding.encode(labels, source: "\(name) labels")
        let trainY = classes.gatheringRows(trainRows), testY = classes.gatheringRows(testRows)
        if plan.task == .regression { network.outputNormalization = Normalization.fit(trainY.reshaped([trainRows.count, -1])) }
        try command.importInitialWeights(into: network)
        // Under mpirun every rank reads each global batch and trains its share of it.
        network.communicator = ranks

        if command.json {
            network.progressOutput = .standardError
        } else if !command.quiet {
            print(
                "data: \(name), streamed from disk: \(trainRows.count) training and \(testRows.count) test samples of shape \(sampleShape)")
            print(
                "task: \(plan.task); output: \(plan.outputDescription); loss: \(plan.loss.name); optimizer: \(network.optimizer?.name ?? "none")"
            )
            network.summary()
        }
        let epochs = command.epochs ?? (trainRows.count >= 10_000 ? 5 : 40)
        let divergence = TerminateOnNaN(output: .standardError)
        let start = Date()
        let history = try network.fit(
            trainX, TensorSource(plan.targets(trainY), name: "\(name) labels"), epochs: epochs, batchSize: command.batchSize,
            shuffle: !command.noShuffle, validationSplit: command.validationSplit, callbacks: [divergence] + (board.map { [$0] } ?? []),
            verbose: command.quiet ? .silent : .progressBar)
        let seconds = Date().timeIntervalSince(start)
        if let ranks { try TrainCommand.checkRanksAgree(ranks, network: network, quiet: command.quiet) }
        try command.checkTrained(network, history: history, divergence: divergence, board: board)
        let testLoss = try network.evaluate(testX, TensorSource(plan.targets(testY)), batchSize: 256)["loss"] ?? .nan
        let outputs = try network.predict(testX, batchSize: 256)
        let test = Dataset(name: name, features: .zeros([testRows.count, 1]), labels: testY)
        let results = TrainingReport(
            plan: plan, test: test, history: history, epochs: epochs, seconds: seconds, testLoss: testLoss, outputs: outputs)
        if let save = command.save {
            try writingOutput { try network.save(to: save) }
            if !command.json && !command.quiet { print("saved the model to \(save)") }
        }
        print(command.json ? results.json(dataset: name, parameters: network.parameterCount) : results.text(showExamples: false))
    }
}

/// A source's rows in the shape the network takes (an image flattened for dense layers).
struct ReshapedRows: DataSource {
    let base: any DataSource
    let sampleShape: [Int]

    var count: Int { base.count }
    var name: String { base.name }
    var prefersPrefetch: Bool { base.prefersPrefetch }

    func batch(rows: [Int]) throws -> Tensor {
        try base.batch(rows: rows).reshaped([rows.count] + sampleShape)
    }
}

extension TrainingReport {
    /// The results from test scores computed elsewhere (streamed): `test` holds the test
    /// labels; its samples are not used.
    init(plan: TrainingPlan, test: Dataset, history: History, epochs: Int, seconds: Double, testLoss: Float, outputs: Tensor) {
        self.plan = plan
        self.test = test
        self.history = history
        self.epochs = epochs
        self.seconds = seconds
        self.testLoss = testLoss
        self.outputs = outputs
    }
}
