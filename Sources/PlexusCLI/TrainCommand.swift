import ArgumentParser
import Foundation
import Plexus

/// `plexus train` (and `plexus` alone): train a network on a data set, then show how it does.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on a data set and show how it does on held-out data.",
        discussion: """
            With no options: the course's practice lab. A network of Dense 25 ReLU, Dense 15 ReLU \
            and Dense 10 (logits) learns the bundled handwritten digits (8x8) with sparse \
            categorical cross-entropy and Adam on a seeded 80/20 split, then prints the test \
            accuracy, a confusion matrix and some test digits with what the network saw.

            The task (regression, binary, multi-class or multi-label classification), the output layer and the \
            loss follow from the labels unless given. The classes are the distinct label values \
            (labels 2 and 5 are a binary task; predict reports 2 or 5), saved with the model. CSV \
            features are standardised, and images with one mean and deviation over all pixels \
            (statistics from the training part only). Regression targets are standardised for \
            training; reported errors are in the targets' own units.

            Several label columns (--label car,bus,person, or --label repeated) of 0s and 1s \
            are a multi-label task: each sample may have any number of the labels. The default \
            output is one sigmoid per label, the loss binary cross-entropy (from logits when \
            the last layer is linear), and the results give each label's accuracy (Keras's \
            binary_accuracy), precision, recall, F1 and 2x2 confusion matrix, with the \
            exact-match ratio and the Hamming loss (JSON: test_accuracy, test_exact_match, \
            test_hamming_loss, test_labels). With --loss categorical-crossentropy, one-hot \
            columns (a single 1 per row) are instead a multi-class task, each column a class. \
            Columns holding other numbers are multi-output regression (mean squared error), \
            as is --loss mse; binary or categorical cross-entropy on them is an error, and so \
            is sparse categorical cross-entropy with several columns. A label column that does \
            not exist, is listed twice or shares its name with another column, and an empty \
            label, are errors (exit status 2).

            The layers are checked against the data before anything is built. A run whose loss \
            or weights stop being finite ends with exit status 1 and saves nothing.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(
        help:
            "An NPY file (or a folder of NPY shards) of labels, one row per sample of --dataset, itself an NPY file or folder: the features are then read from disk a batch at a time, never whole (data larger than memory)."
    )
    var labels: String?

    @Option(
        help: "The layers in order, the last one the output, e.g. \"25:relu,15:relu,10\" or \"conv:32:3:relu,maxpool:2,flatten,dense:10\".")
    var layers: String?

    @Option(help: ModelPreset.help)
    var model: ModelPreset?

    @Option(help: "mse, binary-crossentropy, sparse-categorical-crossentropy or categorical-crossentropy (default: from the labels).")
    var loss: LossChoice?

    @Option(help: "adam, adamw (Adam with decoupled weight decay), sgd or rmsprop.")
    var optimizer = OptimizerChoice.adam

    @Option(help: "The optimizer's step size (default: 0.001 for adam, adamw and rmsprop, 0.01 for sgd).")
    var learningRate: Float?

    @Option(help: "adamw only: the fraction of each weight removed per step, times the learning rate (default: 0.004, as Keras).")
    var weightDecay: Float?

    @Option(help: "Passes over the training data (default: 40, or 5 for 10,000 samples or more; 0 keeps the initial or imported weights).")
    var epochs: Int?

    @Option(help: "Samples per gradient step.")
    var batchSize = 32

    @Option(help: "Fraction of the training part held out to validate on after each epoch.")
    var validationSplit: Float = 0

    @Option(help: "Train on only the first N training samples (for quick runs and benchmarks).")
    var limit: Int?

    @Option(help: "standard, minmax or none (default standard: per column for tables, one mean and deviation over all pixels for images).")
    var normalize: NormalizeChoice?

    @Option(help: "Save the trained model (weights, architecture, scaling) to this safetensors file; it takes raw data.")
    var save: String?

    @Option(help: "Start from the weights in this safetensors or NPZ file (written by Keras, PyTorch, NumPy or Plexus).")
    var initWeights: String?

    @Option(help: "The layout of --init-weights: keras (kernel [in, out]) or pytorch (weight [out, in]).")
    var layout = LayoutChoice.keras

    @Option(help: "How --init-weights tensors match the layers: order or name.")
    var mapping = MappingChoice.order

    @Option(
        help:
            "Write TensorBoard logs to this folder as Keras's TensorBoard callback does: train/ and validation/ with epoch_loss, epoch_<metric> and epoch_learning_rate per epoch."
    )
    var logdir: String?

    @Flag(help: "With --logdir: also a histogram of every weight after each epoch.")
    var histograms = false

    @Option(help: "Write a one-file HTML report of the run here: settings, model, curves, test results, mistakes, timing.")
    var report: String?

    @Flag(help: "No loss charts in the terminal after training (they are drawn only when standard output is a terminal).")
    var noCharts = false

    @Flag(help: "Train on the batches in data order (for exact comparisons with other frameworks).")
    var noShuffle = false

    @Flag(help: "No progress bar, no model summary: just the results.")
    var quiet = false

    @Flag(help: "Print only one JSON object with the results on standard output (progress goes to standard error).")
    var json = false

    /// The options' own values and combinations, checked before anything runs (usage errors,
    /// status 64); what depends on the data is checked when it is read (status 2).
    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        if let epochs, epochs < 0 { throw ValidationError("--epochs must not be negative, got \(epochs)") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
        if histograms && logdir == nil { throw ValidationError("--histograms needs --logdir (the folder to write them to)") }
        if layers != nil && model != nil { throw ValidationError("--layers and --model each give the network: choose one") }
        try optimizer.validate(learningRate: learningRate, weightDecay: weightDecay)
    }

    @Flag(
        help:
            "Train data-parallel over Open MPI (implied under mpirun): each of `mpirun -np N` ranks trains its share of every --batch-size batch; only rank 0 prints and saves."
    )
    var distributed = false

    /// Trains, on this process alone or as one of `ranks`.
    func train(ranks: OpenMPI?) throws {
        try reportingInputErrors {
            if let save { try OutputChecks.checkWritable(save, option: "--save") }
            if let report { try OutputChecks.checkWritable(report, option: "--report") }
            if let logdir { try OutputChecks.checkWritableFolder(logdir, option: "--logdir", subfolders: ["train", "validation"]) }
            // The log folders and the first event file are made now, so that a folder that
            // cannot be written stops the command before the data are even read.
            let board = try logdir.map { try TensorBoard(logDir: $0, histogramFrequency: histograms ? 1 : 0) }
            if let labels { return try StreamedTraining(command: self).run(labelsPath: labels, board: board, ranks: ranks) }
            var (train, test) = try data.load()
            if let limit, limit < train.count { train = train.selecting(rows: Array(0..<limit)) }
            let encoding = try TrainingDataChecks.encoding(train: train, test: test, loss: loss)
            let plan = try TrainingPlan(
                train: train, encoding: encoding, layers: layers, model: model, loss: loss, optimizer: optimizer,
                learningRate: learningRate, weightDecay: weightDecay, normalize: normalize, seed: data.seed)
            try plan.network.checkActivations(batchSize: Swift.min(batchSize, train.count))
            (train, test) = (try plan.prepare(train), try plan.prepare(test))
            let network = plan.network
            network.communicator = ranks
            try importInitialWeights(into: network)
            if json {
                network.progressOutput = .standardError
            } else if !quiet {
                print("data: \(train.name), \(train.count) training and \(test.count) test samples of shape \(train.sampleShape)")
                print(
                    "task: \(plan.task); output: \(plan.outputDescription); loss: \(plan.loss.name); optimizer: \(network.optimizer?.name ?? "none")"
                )
                network.summary()
            }
            let epochs = self.epochs ?? (train.count >= 10_000 ? 5 : 40)
            // A diverged run stops at once and is never saved: a good model file stays.
            let divergence = TerminateOnNaN(output: .standardError)
            var callbacks: [any Callback] = [divergence]
            if let board { callbacks.append(board) }
            let start = Date()
            let history = try network.fit(
                train.x, plan.targets(train.y), epochs: epochs, batchSize: batchSize, shuffle: !noShuffle,
                validationSplit: validationSplit, callbacks: callbacks, verbose: quiet ? .silent : .progressBar)
            let seconds = Date().timeIntervalSince(start)
            if let ranks { try Self.checkRanksAgree(ranks, network: network, quiet: quiet) }
            try checkTrained(network, history: history, divergence: divergence, board: board)
            let results = try TrainingReport(plan: plan, test: test, history: history, epochs: epochs, seconds: seconds)
            if let save {
                try writingOutput { try network.save(to: save) }
                if !json && !quiet { print("saved the model to \(save)") }
            }
            if let report {
                var details = ReportDetailsChoice.details(
                    title: "Training on \(train.name)", data: train, settings: reportSettings(plan: plan), seconds: seconds)
                details.imageShape = plan.imageShape  // the prepared samples are flat
                try writingOutput {
                    try history.writeReport(to: report, model: network, test: (test.x, plan.targets(test.y)), details: details)
                }
                if !json && !quiet { print("wrote the report to \(report)") }
            }
            if json {
                print(results.json(dataset: train.name, parameters: network.parameterCount))
            } else {
                print(results.text(showExamples: !quiet))
                if !quiet && !noCharts && isatty(1) == 1 {
                    let lines = TrainingCharts.lines(history, width: TrainingCharts.terminalWidth())
                    if !lines.isEmpty { print(([""] + lines).joined(separator: "\n")) }
                }
            }
        }
    }

    /// Starts the network from --init-weights, when given.
    func importInitialWeights(into network: Model) throws {
        guard let initWeights else { return }
        try network.importWeights(from: initWeights, layout: layout.layout, mapping: mapping.mapping)
    }

    /// A run that diverged, or whose TensorBoard logs failed, ends here: nothing is saved.
    func checkTrained(_ network: Model, history: History, divergence: TerminateOnNaN, board: TensorBoard?) throws {
        if let stopped = divergence.stoppedAt {
            throw RunFailure(
                "training diverged: the loss became \(history["loss"].last.map { "\($0)" } ?? "NaN") in epoch \(stopped.epoch + 1), batch \(stopped.batch + 1)\(save.map { "; nothing was saved to \($0)" } ?? ""). Try a smaller --learning-rate or scaled inputs"
            )
        }
        guard network.hasFiniteWeights else {
            throw RunFailure("training diverged: the weights are no longer finite\(save.map { "; nothing was saved to \($0)" } ?? "")")
        }
        if let failure = board?.failure { throw RunFailure("--logdir: \(failure.description)") }
    }

    /// The options a report lists under "Run and data".
    func reportSettings(plan: TrainingPlan) -> [(name: String, value: String)] {
        var settings: [(name: String, value: String)] = [("output", plan.outputDescription)]
        if let layers { settings.append(("layers", layers)) }
        if let model { settings.append(("preset", model.rawValue)) }
        if validationSplit > 0 { settings.append(("validation split", "\(validationSplit)")) }
        settings.append(("test fraction", "\(data.testFraction)"))
        settings.append(("normalize", normalize?.rawValue ?? "standard (default)"))
        settings.append(("shuffle", noShuffle ? "no" : "yes, seeded"))
        if let limit { settings.append(("limit", "\(limit)")) }
        if let initWeights { settings.append(("initial weights", initWeights)) }
        return settings
    }
}
