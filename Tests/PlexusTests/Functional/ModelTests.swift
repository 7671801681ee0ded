import Testing
@testable import Plexus

/// Functional models: graphs of layer calls, shared layers, several inputs and outputs, the
/// training surface shared with Sequential.
@Suite struct ModelTests {
    /// The example: a residual MLP.
    static func residual(seed: UInt64 = 7) -> Model {
        let input = Input(shape: [6])
        let h1 = Dense(8, activation: .relu)(input)
        let h2 = Dense(8, activation: .relu)(h1)
        let output = Dense(3)(Add()([h1, h2]))
        return Model(inputs: [input], outputs: [output], seed: seed)
    }

    static func data(rows: Int = 40, width: Int = 6, classes: Int = 3, seed: UInt64 = 1) -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.normal([rows, width], using: &generator)
        let y = Tensor(shape: [rows], scalars: (0..<rows).map { Float($0 % classes) })
        return (x, y)
    }

    @Test func runsTheGraphAsTheLayersWouldByHand() throws {
        let model = Self.residual()
        let x = Self.data().x
        let dense = model.layers.compactMap { $0 as? Dense }
        #expect(dense.count == 3 && model.layers.count == 4)
        let h1 = dense[0](x), h2 = dense[1](h1)
        let expected = dense[2](h1 + h2)
        #expect(try model.predict(x).scalars == expected.scalars)
        #expect(model([x])[0].scalars == expected.scalars)
    }

    @Test func aLayerCalledTwiceSharesItsWeights() throws {
        let a = Input(shape: [4]), b = Input(shape: [4])
        let shared = Dense(3, activation: .tanh)
        let model = Model(inputs: [a, b], outputs: [Dense(1)(Subtract()([shared(a), shared(b)]))], seed: 3)
        #expect(model.parameters.count == 4)
        #expect(model.layers.filter { $0 === shared }.count == 1)
        // The same rows on both sides: the difference is zero whatever the weights.
        let x = Self.data(width: 4).x
        let output = try model.predict([x, x])
        let bias = model.parameters[3].value.scalars[0]
        #expect(output.scalars.allSatisfy { Swift.abs($0 - bias) < 1e-6 })
        // Both calls' gradients reach the one kernel: training moves it.
        model.compile(loss: MeanSquaredError(), optimizer: SGD(learningRate: 0.1))
        let before = shared.parameters[0].value.scalars
        try model.trainOnBatch([x, x.gatheringRows(Array((0..<40).reversed()))], Tensor(shape: [40, 1], repeating: 1))
        #expect(shared.parameters[0].value.scalars != before)
    }

    @Test func fitEvaluateAndPredictWithTwoInputs() throws {
        let a = Input(shape: [6]), b = Input(shape: [2])
        let joined = Concatenate(axis: -1)([Dense(8, activation: .relu)(a), b])
        let model = Model(inputs: [a, b], outputs: [Dense(3)(joined)], seed: 5)
        model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        let (x, y) = Self.data()
        let side = Tensor(shape: [40, 2], scalars: (0..<80).map { Float($0 % 7) / 7 })
        let history = try model.fit([x, side], y, epochs: 5, batchSize: 8, validationSplit: 0.2, verbose: .silent)
        #expect(history["loss"].count == 5 && history["val_accuracy"].count == 5)
        #expect(history["loss"].last! < history["loss"].first!)
        let scores = try model.evaluate([x, side], y)
        #expect(scores["loss"] != nil && scores["accuracy"] != nil)
        #expect(try model.predict([x, side]).shape == [40, 3])
        // The inputs are checked, in order, before any work.
        #expect(throws: TrainingError.self) { try model.predict([side, x]) }
        #expect(throws: TrainingError.self) { try model.predict(x) }
        #expect(throws: TrainingError.self) { try model.predict([x, side.rows(0..<10)]) }
    }

    @Test func theSameSeedTrainsTheSameBitForBit() throws {
        func run() throws -> (History, [Tensor]) {
            let model = Self.residual(seed: 11)
            model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
            let (x, y) = Self.data()
            let history = try model.fit(x, y, epochs: 3, batchSize: 8, verbose: .silent)
            return (history, model.weights)
        }
        let (first, firstWeights) = try run()
        let (second, secondWeights) = try run()
        #expect(first == second)
        #expect(firstWeights.map(\.scalars) == secondWeights.map(\.scalars))
    }

    @Test func severalOutputsSumTheirWeightedLossesAndNameTheirMetrics() throws {
        let x = Input(shape: [6])
        let h = Dense(5, activation: .relu)(x)
        let model = Model(inputs: [x], outputs: [Dense(3, name: "classes")(h), Dense(1, name: "value")(h)], seed: 2)
        model.compile(
            loss: [SparseCategoricalCrossentropy(fromLogits: true), MeanSquaredError()], lossWeights: [1, 0.5],
            optimizer: SGD(learningRate: 0.05), metrics: [.accuracy])
        let (data, labels) = Self.data()
        let values = Tensor(shape: [40, 1], scalars: (0..<40).map { Float($0) / 40 })
        let scores = try model.evaluate([data], [labels, values])
        let outputs = try model.predictOutputs([data])
        let classLoss = SparseCategoricalCrossentropy(fromLogits: true)(outputs[0], labels).scalar
        let valueLoss = MeanSquaredError()(outputs[1], values).scalar
        #expect(Swift.abs(scores["loss"]! - (classLoss + 0.5 * valueLoss)) < 1e-5)
        #expect(Swift.abs(scores["classes_loss"]! - classLoss) < 1e-5)
        #expect(scores["classes_accuracy"] != nil && scores["value_accuracy"] != nil)
        let history = try model.fit([data], [labels, values], epochs: 2, verbose: .silent)
        #expect(Set(history.names) == ["loss", "classes_loss", "value_loss", "classes_accuracy", "value_accuracy"])
        #expect(throws: TrainingError.self) { try model.predict([data]) }
        #expect(throws: TrainingError.self) { try model.fit([data], labels, verbose: .silent) }
    }

    @Test func callbacksReceiveTheFunctionalModel() throws {
        final class Stopper: Callback {
            var seen: [String] = []
            func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) {
                seen.append(model.name)
                model.stopTraining = true
            }
        }
        let model = Self.residual()
        model.name = "residual"
        model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        let stopper = Stopper()
        let (x, y) = Self.data()
        let history = try model.fit(x, y, epochs: 5, callbacks: [stopper, EarlyStopping(monitor: "loss")], verbose: .silent)
        #expect(stopper.seen == ["residual"] && history.epochs == [0])
    }

    @Test func activationsAreFreedAfterTheirLastReader() throws {
        let model = Self.residual()
        let graph = try #require(model.graph)
        // Slots: 0 the input, 1 h1, 2 h2, 3 the sum, 4 the output.
        #expect(graph.steps.map(\.freedAfter) == [[0], [], [1, 2], [3]])
        #expect(graph.outputSlots == [4])
    }

    @Test func parametersFollowKerasLayerOrder() {
        // Keras lists layers by depth, farthest from the outputs first: the tower built last but
        // deeper comes before the shallow one built first.
        let a = Input(shape: [3]), b = Input(shape: [2])
        let shallow = Dense(4, name: "shallow")
        let deep1 = Dense(4, name: "deep1"), deep2 = Dense(4, name: "deep2")
        let sa = shallow(a)
        let db = deep2(deep1(b))
        let model = Model(inputs: [a, b], outputs: [Dense(1, name: "head")(Add()([sa, db]))])
        #expect(model.layers.map(\.name) == ["deep1", "shallow", "deep2", "add", "head"])
    }

    @Test func summaryHasKerasFunctionalColumns() {
        let model = Self.residual()
        let text = model.summaryText
        let expected = """
            Model: "functional"
            ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
            ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
            │ input_layer         │ (None, 6)         │          0 │ -                 │
            │ (InputLayer)        │                   │            │                   │
            ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
            │ dense (Dense)       │ (None, 8)         │         56 │ input_layer[0][0] │
            ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
            │ dense_1 (Dense)     │ (None, 8)         │         72 │ dense[0][0]       │
            ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
            │ add (Add)           │ (None, 8)         │          0 │ dense[0][0],      │
            │                     │                   │            │ dense_1[0][0]     │
            ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
            │ dense_2 (Dense)     │ (None, 3)         │         27 │ add[0][0]         │
            └─────────────────────┴───────────────────┴────────────┴───────────────────┘
             Total params: 155 (620.00 B)
             Trainable params: 155 (620.00 B)
             Non-trainable params: 0 (0.00 B)
            """
        #expect(text == expected)
        #expect(FunctionalSummary.cut("input_layer_1[0][0]", width: 17) == "input_layer_1[0]…")
    }

    @Test func sequentialIsTheChainCaseOfModel() throws {
        let model: Model = Sequential(inputShape: [6], seed: 3) {
            Dense(4, activation: .relu)
            Dense(3)
        }
        #expect(model.inputShapes == [[6]] && model.outputShapes == [[3]] && model.typeName == "Sequential")
        #expect(model.inputCount == 1 && model.outputCount == 1)
        model.compile(loss: SparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam())
        let (x, y) = Self.data()
        #expect(try model.trainOnBatch([x], y).isFinite)
    }
}

/// A functional chain prints as Keras prints one: no "Connected to" column.
@Suite struct FunctionalChainSummaryTests {
    @Test func aChainOfCallsHasNoConnectionsColumn() {
        let input = Input(shape: [5])
        let output = BatchNormalization()(Dense(3, name: "a_really_long_layer_name_here")(input))
        let model = Model(inputs: [input], outputs: [output])
        let expected = """
            Model: "functional"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ input_layer (InputLayer)        │ (None, 5)              │             0 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ a_really_long_layer_name_here   │ (None, 3)              │            18 │
            │ (Dense)                         │                        │               │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ batch_normalization             │ (None, 3)              │            12 │
            │ (BatchNormalization)            │                        │               │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 30 (120.00 B)
             Trainable params: 24 (96.00 B)
             Non-trainable params: 6 (24.00 B)
            """
        #expect(model.summaryText == expected)
    }
}
