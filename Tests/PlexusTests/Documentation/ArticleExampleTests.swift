import Foundation
import Testing
import Plexus
import PlexusExplain

/// The code listings of the DocC articles in Sources/Plexus/Plexus.docc, as written there (kept
/// in step by hand, file paths moved to a temporary folder, progress silenced): they must
/// compile, run, and do what the articles say.
@Suite struct ArticleExampleTests {
    /// GettingStarted.md.
    @Test func gettingStarted() throws {
        let digits = try Datasets.digits()  // features [1797, 64], labels [1797]
        let (train, test) = digits.split(testFraction: 0.2, seed: 42)

        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)  // one logit per digit
        }
        model.progressOutput = ProgressOutput { _ in }
        model.inputNormalization = Normalization.fit(train.x)  // scaling learned from training data only
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: Adam(learningRate: 1e-3),
            metrics: [.accuracy])
        let history = try model.fit(train.x, train.y, epochs: 40, batchSize: 32, validationSplit: 0.1)
        let scores = try model.evaluate(test.x, test.y)  // ["loss": ..., "accuracy": ...]

        let probabilities = softmax(try model.predict(test.x))  // [test.count, 10], rows sum to 1
        let predicted = probabilities.argmaxIndices(alongAxis: 1)

        #expect(history.names == ["accuracy", "loss", "val_accuracy", "val_loss"])
        #expect(scores["accuracy"]! > 0.9, "\(scores)")
        #expect(probabilities.shape == [test.count, 10])
        #expect(probabilities.sum(alongAxis: 1).isApproximatelyEqual(to: Tensor(shape: [test.count], repeating: 1), tolerance: 1e-4))
        #expect(predicted.count == test.count)
        #expect(model.summaryText.contains("Total params: 2,175"))
    }

    /// TheDigitLab.md, its listings in order.
    @Test func theDigitLab() throws {
        let digits = try Datasets.digits()
        var (train, test) = digits.split(testFraction: 0.2, seed: 42)  // stratified: every digit in both
        let scaler = Normalization.fit(train.features, method: .minMax)  // pixels to [0, 1]
        train.features = scaler(train.features)
        test.features = scaler(test.features)

        // Step 1: the model.
        let model = Sequential(inputShape: [64]) {
            Dense(25, activation: .relu)  // W [64, 25], b [25]
            Dense(15, activation: .relu)  // W [25, 15], b [15]
            Dense(10)  // W [15, 10], b [10]: one number per digit
        }
        #expect(model.summaryText.contains("Total params: 2,175"))

        // Step 2: the loss.
        let logits = model(train.x)
        let cost = SparseCategoricalCrossentropy(fromLogits: true)(logits, train.y)
        #expect(abs(cost.scalar - Float(log(10.0))) < 0.5, "\(cost.scalar)")

        // Step 3: gradient descent.
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: SGD(learningRate: 0.1),
            metrics: [.accuracy])
        let history = try model.fit(train.x, train.y, epochs: 20, verbose: .silent)
        #expect(history["loss"].count == 20)
        #expect(history["loss"].last! < 0.5 * history["loss"].first!, "\(history["loss"])")

        // Step 5: softmax from logits.
        let probabilities = softmax(try model.predict(test.x))
        let digitsSeen = probabilities.argmaxIndices(alongAxis: 1)
        #expect(digitsSeen.count == test.count)

        // Step 6: Adam.
        let lab = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)
        }
        lab.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: Adam(learningRate: 1e-3),
            metrics: [.accuracy])
        try lab.fit(train.x, train.y, epochs: 40, validationSplit: 0.1, verbose: .silent)
        let labScores = try lab.evaluate(test.x, test.y)  // accuracy about 0.98
        #expect(labScores["accuracy"]! > 0.94, "\(labScores)")

        // Step 7: convolution.
        let cnn = Sequential(inputShape: [64]) {
            Reshape([8, 8, 1])
            Conv2D(16, 3, activation: .relu)  // 16 filters of 3 x 3: [6, 6, 16]
            MaxPooling2D(2)  // the largest of each 2 x 2 block: [3, 3, 16]
            Flatten()  // [144]
            Dense(10)
        }
        cnn.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: Adam(), metrics: [.accuracy])
        try cnn.fit(train.x, train.y, epochs: 10, verbose: .silent)
        #expect(cnn.outputShape == [10])
        #expect(try cnn.evaluate(test.x, test.y)["accuracy"]! > 0.9)
    }

    /// BackPropagationYouCanSee.md.
    @Test func backPropagationYouCanSee() throws {
        let (value, gradient) = valueWithGradient(at: Tensor([3])) { w in (w * w).sum() }
        // value 9, gradient [6]
        let experiment = try DerivativeExperiment(.square, at: 3, epsilon: 0.001)
        #expect(value.scalar == 9 && gradient == Tensor([6]))
        #expect(abs(experiment.ratio - 6.001) < 1e-6 && experiment.exact == 6)

        let w = Tensor.variable(2, name: "w"), b = Tensor.variable(8, name: "b")
        let x = Tensor.variable(-2, name: "x"), y = Tensor.variable(2, name: "y")
        let c = w * x, a = c + b, d = a - y
        let J = d * d / 2
        J.backward()
        let graph = ComputationGraph(tracing: J, names: ["c": c, "a": a, "d": d])
        #expect(graph.textTable().contains("dJ/dw"))
        #expect(graph.node(named: "w")!.gradient! == Tensor(-4))
        #expect(graph.node(named: "b")!.gradient! == Tensor(2))

        func cube(_ x: Tensor) -> Tensor {
            let plain = x.detached()
            return (plain * plain * plain).recorded("cube", inputs: [x]) { gradient in
                [gradient * 3 * plain * plain]
            }
        }
        let result = checkGradient(of: { inputs in cube(inputs[0]).sum() }, at: [Tensor([0.5, -1, 2])])
        #expect(result.maxRelativeError < 1e-2, "\(result)")
    }

    /// CustomTrainingLoops.md.
    @Test func customTrainingLoops() throws {
        var (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        train.features = train.features / 16  // pixels 0-16 to [0, 1]
        test.features = test.features / 16

        let net = Sequential(inputShape: [64], seed: 1) {  // the input shape creates the weights now
            Dense(25, activation: .relu)
            Dense(10)
        }
        let loss = SparseCategoricalCrossentropy(fromLogits: true)
        let optimizer = Adam()
        var epochLosses: [Float] = []
        for epoch in 0..<5 {
            var total: Float = 0, batches = 0
            for (x, y) in train.shuffled(seed: UInt64(epoch)).batches(size: 32) {
                let (value, gradients) = valueWithGradient(for: net.parameters) {
                    loss(net(x, training: true), y)
                }
                optimizer.update(net.parameters, with: gradients)
                total += value.scalar
                batches += 1
            }
            epochLosses.append(total / Float(batches))  // the article prints it
        }
        let accuracy = (net(test.x).argmax(alongAxis: 1) .== test.y).mean().scalar
        #expect(epochLosses.last! < 0.6 * epochLosses.first!, "\(epochLosses)")
        #expect(accuracy > 0.85, "\(accuracy)")

        // Between the gradients and the step.
        let (x, y) = (train.x.rows(0..<32), train.y.rows(0..<32))
        var gradients = valueWithGradient(for: net.parameters) { loss(net(x, training: true), y) }.gradients
        for parameter in net.parameters {
            gradients[parameter] = gradients[parameter]?.clamped(min: -1, max: 1)
        }
        optimizer.learningRate = 1e-3 * 0.99  // any schedule, per step
        optimizer.update(net.parameters, with: gradients)
        #expect(gradients.count == net.parameters.count)

        // One step with the compiled model.
        net.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        var losses: [Float] = []
        for (x, y) in train.shuffled(seed: 7).batches(size: 32) {
            losses.append(try net.trainOnBatch(x, y))
        }
        #expect(losses.allSatisfy(\.isFinite) && losses.count == (train.count + 31) / 32)

        // Below the model.
        let w = Parameter(Tensor([[0.5], [-0.5]]), name: "w")
        let xs = Tensor([[1, 2], [3, 4]]), ys = Tensor([[1], [2]])
        let sgd = SGD(learningRate: 0.05)
        let before = MeanSquaredError()(matmul(xs, w.value), ys).scalar
        for _ in 0..<100 {
            let (_, gradients) = valueWithGradient(for: [w]) { MeanSquaredError()(matmul(xs, w.tensor), ys) }
            sgd.update([w], with: gradients)
        }
        #expect(MeanSquaredError()(matmul(xs, w.value), ys).scalar < 0.1 * before)
    }

    /// PortingFromKeras.md: the Swift side of the first comparison.
    @Test func portingFromKeras() throws {
        let (x, y) = try {
            let d = try Datasets.digits()
            return (d.x / 16, d.y)
        }()
        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(15, activation: .relu)
            Dense(10)
        }
        model.progressOutput = ProgressOutput { _ in }
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true),
            optimizer: Adam(learningRate: 1e-3), metrics: [.accuracy])
        let history = try model.fit(x, y, epochs: 40, batchSize: 32, validationSplit: 0.1)
        #expect(history["val_accuracy"].last! > 0.9)
    }

    /// SavingLoadingAndInteroperating.md.
    @Test func savingLoadingAndInteroperating() throws {
        let folder = TestScratch.root.appendingPathComponent("plexus-articles-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (train, test) = try Datasets.digits().split(testFraction: 0.2, seed: 42)
        let model = Sequential {
            Dense(25, activation: .relu)
            Dense(10)
        }
        model.progressOutput = ProgressOutput { _ in }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(), metrics: [.accuracy])

        model.inputNormalization = Normalization.fit(train.x)  // saved with the model: it takes raw data
        try model.fit(train.x, train.y, epochs: 10, verbose: .silent)
        try model.save(to: folder + "/digits.plexus")
        let same = try Sequential.load(from: folder + "/digits.plexus")
        let probabilities = softmax(try same.predict(test.x))  // the same numbers, bit for bit
        #expect(probabilities == softmax(try model.predict(test.x)))

        try model.save(to: folder + "/run.ckpt", includeOptimizer: true)
        let resumed = try Sequential.load(from: folder + "/run.ckpt")
        resumed.progressOutput = ProgressOutput { _ in }
        let more = try resumed.fit(train.x, train.y, epochs: 5)  // epochs 11 to 15
        #expect(more.epochs == [10, 11, 12, 13, 14])

        let best = ModelCheckpoint(path: folder + "/best.plexus", monitor: "val_loss", saveBestOnly: true)
        try model.fit(train.x, train.y, epochs: 3, validationSplit: 0.2, callbacks: [best])
        #expect(!best.savedEpochs.isEmpty && best.lastError == nil)

        // A PyTorch state_dict of nn.Sequential(Linear(64, 25), ReLU(), Linear(25, 10)).
        var generator = RandomGenerator(seed: 5)
        let stateDict = [
            "0.weight": Tensor.uniform([25, 64], low: -0.1, high: 0.1, using: &generator), "0.bias": Tensor.zeros([25]),
            "2.weight": Tensor.uniform([10, 25], low: -0.1, high: 0.1, using: &generator), "2.bias": Tensor.zeros([10]),
        ]
        try Safetensors.write(stateDict, to: folder + "/torch.safetensors")
        let net = Sequential(inputShape: [64]) {
            Dense(25, activation: .relu)
            Dense(10)
        }
        try net.importWeights(from: folder + "/torch.safetensors", layout: .pytorch)
        #expect(net.weights[0] == stateDict["0.weight"]!.transposed())

        try model.exportONNX(to: folder + "/digits.onnx", includeFinalActivation: true)
        #expect(FileManager.default.fileExists(atPath: folder + "/digits.onnx"))
    }

    /// PerformanceAndBackends.md.
    @Test func performanceAndBackends() {
        var generator = RandomGenerator(seed: 1)
        let a = Tensor.uniform([40, 30], using: &generator), b = Tensor.uniform([30, 20], using: &generator)
        let c = MatmulBackend.native.matmul(a, b, threads: 1)  // one backend, explicitly
        #expect(MatmulBackend.available.contains(MatmulBackend.default))
        #expect(c.isApproximatelyEqual(to: matmul(a, b), tolerance: 1e-4))
    }
}
