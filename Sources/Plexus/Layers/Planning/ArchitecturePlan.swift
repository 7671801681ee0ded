/// A whole model checked against an input shape before anything is allocated: every layer's
/// output shape and parameter shapes, computed with overflow-checked arithmetic, the total
/// parameter count and what one sample's activations take, all held against ``SizeLimits``.
///
/// `fit`, `evaluate`, `predict`, model loading, weight import and the `plexus` command make a
/// plan first, so a layer list that does not fit the data is a thrown ``ArchitectureError``
/// naming the layer and the shapes, never a stop inside a layer:
///
/// ```swift
/// let layers = try LayerSpecification.parse("conv:32:3:relu,maxpool:2,flatten,10")
/// let plan = try ArchitecturePlan(layers: layers, inputShape: [28, 28, 1])
/// print(plan.parameterCount)          // 54,410
/// let model = Sequential(layers, inputShape: [28, 28, 1])   // cannot fail now
/// ```
public struct ArchitecturePlan: Sendable {
    /// One layer of the plan.
    public struct Step: Sendable, Equatable {
        /// The layer's name ("conv2d_1").
        public let name: String
        /// The layer's type ("Conv2D").
        public let typeName: String
        /// The shape of one input sample.
        public let inputShape: [Int]
        /// The shape of one output sample.
        public let outputShape: [Int]
        /// The layer's parameters and their shapes, in the layer's order.
        public let parameters: [ParameterShape]
        /// The scalars in all of the layer's parameters.
        public let parameterCount: Int
    }

    /// The shape of one input sample.
    public let inputShape: [Int]
    /// The layers, in order.
    public let steps: [Step]
    /// The scalars in all parameters of the model.
    public let parameterCount: Int
    /// The values one sample produces on its way through the model (every layer's output).
    public let activationsPerSample: Int

    /// The shape of one output sample.
    public var outputShape: [Int] { steps.last?.outputShape ?? inputShape }

    /// Checks `layers` against samples of `inputShape`, layer by layer.
    ///
    /// - Throws: ``ArchitectureError``: `.shapeMismatch` naming the first layer that cannot take
    ///   its input, `.tooLarge` when a size overflows or passes `limits` (the message says how
    ///   to raise them).
    public init(layers: [any Layer], inputShape: [Int], limits: SizeLimits = .standard) throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ArchitectureError(.shapeMismatch, "the input shape must be positive sizes, got \(inputShape)")
        }
        _ = try ArchitecturePlan.elementCount(inputShape, what: "the input")
        var shape = inputShape
        var steps: [Step] = []
        var parameters = 0
        var activations = 0
        for (index, layer) in layers.enumerated() {
            let place = "layer \(index + 1), \(layer.typeName) '\(layer.name)'"
            let output: [Int], shapes: [ParameterShape]
            do {
                output = try layer.outputShape(forInputShape: shape)
                shapes = try layer.parameterShapes(forInputShape: shape)
            } catch let error as ArchitectureError {
                throw ArchitectureError(error.kind, "\(place) on input \(shape): \(error.description)")
            }
            guard !output.isEmpty, output.allSatisfy({ $0 > 0 }) else {
                throw ArchitectureError(.shapeMismatch, "\(place) on input \(shape): its output \(output) is empty")
            }
            var count = 0
            for parameter in shapes {
                count = try ArchitecturePlan.add(
                    count, try ArchitecturePlan.elementCount(parameter.shape, what: "\(place)'s \(parameter.name)"),
                    what: "\(place)'s parameters")
            }
            parameters = try ArchitecturePlan.add(parameters, count, what: "the model's parameters")
            guard parameters <= limits.maximumParameters else {
                throw ArchitectureError(
                    .tooLarge,
                    "\(place) on input \(shape) brings the model to \(Sequential.grouped(parameters)) parameters, over the limit of \(Sequential.grouped(limits.maximumParameters)); use fewer units or filters, or raise the limit with \(SizeLimits.parametersVariable)=N"
                )
            }
            let values = try ArchitecturePlan.elementCount(output, what: "\(place)'s output")
            activations = try ArchitecturePlan.add(activations, values, what: "one sample's activations")
            steps.append(
                Step(
                    name: layer.name, typeName: layer.typeName, inputShape: shape, outputShape: output,
                    parameters: shapes, parameterCount: count))
            shape = output
        }
        self.inputShape = inputShape
        self.steps = steps
        self.parameterCount = parameters
        self.activationsPerSample = activations
        try checkActivations(batchSize: 1, limits: limits)
    }

    /// The bytes one batch's activations take (an estimate: each layer's output as Float32, and
    /// in training its gradient too; inference keeps no gradients).
    public func activationBytes(batchSize: Int, training: Bool = true) -> Int {
        ArchitecturePlan.activationBytes(perSample: activationsPerSample, batchSize: batchSize, training: training)
    }

    /// Checks that batches of `batchSize` samples fit ``SizeLimits/maximumActivationBytes``, in
    /// training or, with `training` false, in inference (`predict`, `evaluate`).
    ///
    /// - Throws: ``ArchitectureError`` (`.tooLarge`) saying how much a batch would take.
    public func checkActivations(batchSize: Int, limits: SizeLimits = .standard, training: Bool = true) throws {
        try ArchitecturePlan.checkActivations(perSample: activationsPerSample, batchSize: batchSize, limits: limits, training: training)
    }

    /// The bytes of a batch whose samples each produce `perSample` values on the way through a
    /// model, as Float32, with their gradients in training; `Int.max` when that overflows.
    static func activationBytes(perSample: Int, batchSize: Int, training: Bool) -> Int {
        let (bytesPerSample, overflow) = perSample.multipliedReportingOverflow(by: (training ? 2 : 1) * MemoryLayout<Float>.size)
        guard !overflow else { return .max }
        let (total, overflowAgain) = bytesPerSample.multipliedReportingOverflow(by: Swift.max(batchSize, 1))
        return overflowAgain ? .max : total
    }

    /// The activation check of any model, chain or graph, from its values per sample.
    static func checkActivations(perSample: Int, batchSize: Int, limits: SizeLimits, training: Bool) throws {
        let bytes = activationBytes(perSample: perSample, batchSize: batchSize, training: training)
        guard bytes <= limits.maximumActivationBytes else {
            throw ArchitectureError(
                .tooLarge,
                "a batch of \(batchSize) sample\(batchSize == 1 ? "" : "s") would need about \(ArchitecturePlan.bytesText(bytes)) of activations, over the limit of \(ArchitecturePlan.bytesText(limits.maximumActivationBytes)); use a smaller batch or smaller layers, or raise the limit with \(SizeLimits.activationBytesVariable)=BYTES"
            )
        }
    }

    /// The product of `shape`'s sizes, or an error when it overflows.
    static func elementCount(_ shape: [Int], what: String) throws -> Int {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw ArchitectureError(.tooLarge, "\(what) of shape \(shape) has more elements than a machine can hold")
            }
            count = product
        }
        return count
    }

    private static func add(_ a: Int, _ b: Int, what: String) throws -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw ArchitectureError(.tooLarge, "\(what) count more elements than a machine can hold") }
        return sum
    }

    /// "12.5 MB", "3.2 GB": a size for a message.
    private static func bytesText(_ bytes: Int) -> String {
        let gigabytes = Double(bytes) / Double(1 << 30)
        if gigabytes >= 1 { return "\(Double(Int(gigabytes * 10)) / 10) GB" }
        return "\(Double(Int(Double(bytes) / Double(1 << 20) * 10)) / 10) MB"
    }
}

/// The name and shape of one parameter a layer creates, known before it is created.
public struct ParameterShape: Sendable, Equatable {
    /// The parameter's name within its layer ("kernel", "bias").
    public let name: String
    /// Its shape.
    public let shape: [Int]

    /// A parameter `name` of `shape`.
    public init(_ name: String, _ shape: [Int]) {
        self.name = name
        self.shape = shape
    }
}
