import Plexus

import Foundation

/// Why a network needs non-linear activations: a stack of linear Dense layers is one linear
/// layer. The network's kernels are multiplied out (W = W1·W2·…, b = (b1·W2 + b2)·W3 + …) into a
/// single Dense layer of the engine, and the two give the same outputs on random inputs; with a
/// sigmoid output, the single layer is logistic regression. The same widths with ReLU hidden
/// layers fail the test every affine map passes: f((a + b)/2) = (f(a) + f(b))/2.
///
/// ```swift
/// let explanation = try LinearCollapseExplanation(layers: "4:linear,3:linear,1:linear")
/// explanation.maximumDifference       // about 1e-7: the same function
/// ```
public struct LinearCollapseExplanation: Sendable {
    /// An input pair where the ReLU network bends: the midpoint's output against the mean of
    /// the two outputs (equal for any linear layer).
    public struct Bend: Sendable {
        /// The two inputs.
        public let a: [Float], b: [Float]
        /// f((a + b)/2) (first output unit).
        public let midpointOutput: Float
        /// (f(a) + f(b))/2 (first output unit).
        public let meanOutput: Float
        /// Their difference, the largest over the output units.
        public var gap: Float { abs(midpointOutput - meanOutput) }
    }

    /// The layer widths from input to output.
    public let widths: [Int]
    /// The output activation (linear or sigmoid).
    public let outputActivation: Activation
    /// The single layer's kernel `[inputs, outputs]`, row by row.
    public let collapsedKernel: [[Float]]
    /// The single layer's bias.
    public let collapsedBias: [Float]
    /// Random inputs, one row each.
    public let inputs: [[Float]]
    /// The network's outputs on them.
    public let networkOutputs: [[Float]]
    /// The single layer's outputs on them.
    public let collapsedOutputs: [[Float]]
    /// The largest difference between the two.
    public let maximumDifference: Float
    /// The largest midpoint gap of the linear network (zero but for rounding).
    public let linearMidpointGap: Float
    /// The ReLU network's largest bends, the largest first.
    public let reluBends: [Bend]
    /// Outputs along the line x = t·d through the inputs, for the chart: t, linear network,
    /// ReLU network.
    public let slice: (t: [Float], linear: [Float], relu: [Float])

    /// Builds the network of `layers` (Dense only: linear hidden layers, a linear or sigmoid
    /// output) on `inputCount` inputs, with initial weights from `seed`.
    ///
    /// - Throws: ``ExplainError`` for a list that does not parse, a layer that is not Dense, a
    ///   hidden layer that is not linear, another output activation, or more than 10,000 weights.
    public init(layers specification: String = "4:linear,3:linear,1:linear", inputCount: Int = 2, samples: Int = 5, seed: UInt64 = 0) throws
    {
        guard (1...1000).contains(inputCount) else { throw ExplainError("--inputs must be 1...1000, got \(inputCount)") }
        guard (2...1000).contains(samples) else { throw ExplainError("--samples must be 2...1000, got \(samples)") }
        let parsed = try LayerSpecification.parse(specification)
        let dense = parsed.compactMap { $0 as? Dense }
        guard !dense.isEmpty, dense.count == parsed.count else {
            throw ExplainError(
                "linear-collapse takes Dense layers only (width or width:activation), got \"\(String(specification.prefix(80)))\"")
        }
        if let hidden = dense.dropLast().firstIndex(where: { $0.activation != .linear }) {
            throw ExplainError(
                "linear-collapse multiplies out linear layers, but hidden layer \(hidden + 1) is \(dense[hidden].activation); make it linear (the ReLU version is shown after)"
            )
        }
        let output = dense.last!
        guard output.activation == .linear || output.activation == .sigmoid else {
            throw ExplainError(
                "the output layer must be linear (linear regression) or sigmoid (logistic regression), got \(output.activation)")
        }
        do {
            let weights = try ArchitecturePlan(layers: dense, inputShape: [inputCount], limits: .unlimited).parameterCount
            guard weights <= 10_000 else {
                throw ExplainError("the network has \(weights) weights, too many to explain (at most 10,000): use fewer or smaller layers")
            }
        } catch let error as ArchitectureError {
            throw ExplainError(error.description)
        }
        widths = [inputCount] + dense.map(\.units)
        outputActivation = output.activation
        let network = Sequential(dense, inputShape: [inputCount], seed: seed)

        // Multiply the layers out: x·W1 + b1, then (x·W1 + b1)·W2 + b2 = x·(W1·W2) + (b1·W2 + b2), ...
        var kernel = Tensor.zeros([inputCount, inputCount]) + LinearCollapseExplanation.identity(inputCount)
        var bias = Tensor.zeros([1, inputCount])
        for layer in dense {
            let k = layer.kernel!.value
            let b = layer.bias?.value.reshaped([1, layer.units]) ?? Tensor.zeros([1, layer.units])
            kernel = matmul(kernel, k)
            bias = matmul(bias, k) + b
        }
        let single = Dense(output.units, activation: output.activation, name: "collapsed")
        let collapsed = Sequential([single], inputShape: [inputCount], seed: seed)
        single.kernel!.value = kernel
        single.bias!.value = bias.reshaped([output.units])

        var generator = RandomGenerator(seed: seed &+ 1)
        let x = Tensor.uniform([samples, inputCount], low: -2, high: 2, using: &generator)
        let networkY = network(x), collapsedY = collapsed(x)
        collapsedKernel = LinearCollapseExplanation.rows(kernel)
        collapsedBias = bias.scalars
        inputs = LinearCollapseExplanation.rows(x)
        networkOutputs = LinearCollapseExplanation.rows(networkY)
        collapsedOutputs = LinearCollapseExplanation.rows(collapsedY)
        maximumDifference = zip(networkY.scalars, collapsedY.scalars).map { abs($0 - $1) }.max() ?? 0

        // The same widths with ReLU hidden layers, and the midpoint test on both networks.
        let reluLayers = dense.enumerated().map { index, layer in
            Dense(layer.units, activation: index == dense.count - 1 ? layer.activation : .relu)
        }
        let reluNetwork = Sequential(reluLayers, inputShape: [inputCount], seed: seed)
        // 100 random pairs: enough that some straddle a ReLU's kink.
        let a = Tensor.uniform([100, inputCount], low: -2, high: 2, using: &generator)
        let b = Tensor.uniform([100, inputCount], low: -2, high: 2, using: &generator)
        linearMidpointGap = LinearCollapseExplanation.bends(network, a, b).map(\.gap).max() ?? 0
        reluBends = Array(LinearCollapseExplanation.bends(reluNetwork, a, b).sorted { $0.gap > $1.gap }.prefix(3))

        let direction = Tensor(shape: [1, inputCount], scalars: inputs[0])
        let ts = (0...120).map { Float($0) / 40 - 1.5 }
        let line = matmul(Tensor(shape: [ts.count, 1], scalars: ts), direction)
        let firstUnit = { (y: Tensor) in stride(from: 0, to: y.count, by: output.units).map { y.scalars[$0] } }
        slice = (ts, firstUnit(network(line)), firstUnit(reluNetwork(line)))
    }

    private static func identity(_ n: Int) -> Tensor {
        Tensor(shape: [n, n], scalars: (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 })
    }

    private static func rows(_ t: Tensor) -> [[Float]] {
        let width = t.shape.last ?? 1, scalars = t.scalars
        return stride(from: 0, to: scalars.count, by: Swift.max(width, 1)).map { Array(scalars[$0..<($0 + width)]) }
    }

    private static func bends(_ network: Sequential, _ a: Tensor, _ b: Tensor) -> [Bend] {
        let fa = rows(network(a)), fb = rows(network(b)), fm = rows(network((a + b) * 0.5))
        let ra = rows(a), rb = rows(b)
        return ra.indices.map { i in
            let gaps = fm[i].indices.map { abs(fm[i][$0] - (fa[i][$0] + fb[i][$0]) / 2) }
            let unit = gaps.indices.max { gaps[$0] < gaps[$1] } ?? 0
            return Bend(a: ra[i], b: rb[i], midpointOutput: fm[i][unit], meanOutput: (fa[i][unit] + fb[i][unit]) / 2)
        }
    }

    /// The network's output and the ReLU network's along a line through the first input.
    public var chart: Chart {
        let t = slice.t.map(Double.init)
        return Chart(
            title: "Output along x = t·x₁", x: ChartAxis("t"), y: ChartAxis("output"),
            series: [
                ChartSeries("linear layers", xy: Array(zip(t, slice.linear.map(Double.init)))),
                ChartSeries("ReLU hidden layers", xy: Array(zip(t, slice.relu.map(Double.init)))),
            ])
    }

    /// The collapsed layer, the outputs side by side, the ReLU bends, and a one-line summary.
    public func report(chartStyle: TerminalChartStyle? = nil) -> String {
        func f(_ x: Float) -> String { ExplainFormatting.number(x, digits: 6) }
        func list(_ xs: [Float]) -> String { ExplainFormatting.tensor(Tensor(xs), digits: 5) }
        let shape = widths.map(String.init).joined(separator: "-")
        let model = outputActivation == .sigmoid ? "logistic regression" : "linear regression"
        var text =
            "A \(shape) network of linear Dense layers\(outputActivation == .sigmoid ? " with a sigmoid output" : "") equals one Dense layer (\(model)):\n"
        text +=
            "  W = W1·W2·…  = \(ExplainFormatting.tensor(Tensor(collapsedKernel.flatMap { $0 }).reshaped([widths[0], widths.last!]), digits: 5))\n"
        text += "  b = (b1·W2 + b2)·W3 + … = \(list(collapsedBias))\n\n"
        var table: [[String]] = [["input x", "network(x)", "one layer(x)"]]
        for i in inputs.indices { table.append([list(inputs[i]), list(networkOutputs[i]), list(collapsedOutputs[i])]) }
        text += ExplainFormatting.table(table) + "\n"
        text += "  maximum difference: \(ExplainFormatting.number(maximumDifference, digits: 3)) (Float32 rounding)\n\n"
        text +=
            "With ReLU hidden layers (same widths), the midpoint test that every linear layer passes, f((a+b)/2) = (f(a)+f(b))/2,\nfails; the 3 largest gaps of 100 random pairs:\n"
        var bends: [[String]] = [["a", "b", "f((a+b)/2)", "(f(a)+f(b))/2", "gap"]]
        for bend in reluBends { bends.append([list(bend.a), list(bend.b), f(bend.midpointOutput), f(bend.meanOutput), f(bend.gap)]) }
        text += ExplainFormatting.table(bends) + "\n"
        text += "  (the linear network's largest gap: \(ExplainFormatting.number(linearMidpointGap, digits: 3)))\n"
        if let chartStyle { text += "\n" + chart.terminalLines(width: 60, height: 10, style: chartStyle).joined(separator: "\n") + "\n" }
        text +=
            "\nIn short: without activations, \(dense(widths.count - 1)) are no more than \(model) (difference \(ExplainFormatting.number(maximumDifference, digits: 2))); ReLU bends the function (gap up to \(ExplainFormatting.number(reluBends.first?.gap ?? 0, digits: 3))), which is what lets a network fit more than a line."
        return text
    }

    private func dense(_ count: Int) -> String { count == 1 ? "1 linear layer" : "\(count) linear layers" }

    /// The numbers printed, as JSON.
    public func json() -> String {
        ExplainJSON.object([
            "widths": "[" + widths.map(String.init).joined(separator: ", ") + "]",
            "output_activation": ExplainJSON.string(outputActivation.description),
            "collapsed_kernel": ExplainJSON.array(collapsedKernel.map(ExplainJSON.numbers)),
            "collapsed_bias": ExplainJSON.numbers(collapsedBias),
            "inputs": ExplainJSON.array(inputs.map(ExplainJSON.numbers)),
            "network_outputs": ExplainJSON.array(networkOutputs.map(ExplainJSON.numbers)),
            "collapsed_outputs": ExplainJSON.array(collapsedOutputs.map(ExplainJSON.numbers)),
            "maximum_difference": ExplainJSON.number(maximumDifference),
            "linear_midpoint_gap": ExplainJSON.number(linearMidpointGap),
            "relu_bends": ExplainJSON.array(
                reluBends.map {
                    ExplainJSON.object([
                        "a": ExplainJSON.numbers($0.a), "b": ExplainJSON.numbers($0.b),
                        "midpoint_output": ExplainJSON.number($0.midpointOutput),
                        "mean_output": ExplainJSON.number($0.meanOutput), "gap": ExplainJSON.number($0.gap),
                    ])
                }),
        ])
    }
}
