/// A fully connected layer: `activation(input · kernel + bias)`.
///
/// As in Keras, the kernel is stored `[inputWidth, units]`, starts glorot-uniform, and the bias
/// starts at zero. The input width is taken from the first input the layer sees. Inputs of
/// higher rank are transformed along their last axis.
///
/// ```swift
/// let hidden = Dense(25, activation: .relu)
/// let output = Dense(10)                 // linear: logits
/// ```
///
/// The matrix product, the bias and the activation are one recorded operation, and so is
/// their derivative: one node per layer in the graph, one pass over the output per step.
public final class Dense: Layer {
    /// The number of outputs.
    public let units: Int
    /// The function applied to `input · kernel + bias`.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// The penalty on the kernel added to the training loss, if any.
    public let kernelRegularizer: Regularizer?
    public var name: String
    public static let typeName = "Dense"
    public var outputActivation: Activation? { activation }

    // Both are set only when the layer is built and read by every call; unchecked for
    // overlapping access (they are references, never passed inout), so that a single sample's
    // prediction does not pay a dynamic exclusivity check for each read.

    /// The weights, `[inputWidth, units]`; nil until built.
    @exclusivity(unchecked) public private(set) var kernel: Parameter?
    /// The biases, `[units]`; nil until built or without a bias.
    @exclusivity(unchecked) public private(set) var bias: Parameter?

    /// A dense layer of `units` outputs.
    ///
    /// ```swift
    /// Dense(64, activation: .relu, kernelRegularizer: .l2(0.001))
    /// ```
    public init(
        _ units: Int, activation: Activation = .linear, useBias: Bool = true, kernelRegularizer: Regularizer? = nil,
        name: String = "dense"
    ) {
        require(units > 0, "Dense needs at least one unit, got \(units)")
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelRegularizer = kernelRegularizer
        self.name = name
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }
    public var isBuilt: Bool { kernel != nil }

    public func regularizationPenalty() -> Tensor? {
        guard let kernelRegularizer, let kernel else { return nil }
        return kernelRegularizer.penalty(kernel.tensor)
    }

    /// The width of the inputs it was built for; nil until built.
    public var inputWidth: Int? { kernel?.value.shape[0] }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        require(!inputShape.isEmpty, "Dense '\(name)' needs inputs with a feature axis, got input shape \(inputShape)")
        let width = inputShape[inputShape.count - 1]
        if let inputWidth {
            require(
                inputWidth == width,
                "Dense '\(name)' was built for inputs of width \(inputWidth), got input shape \(inputShape)")
            return
        }
        kernel = Parameter(
            Initializer.glorotUniform.tensor([width, units], fanIn: width, fanOut: units, using: &generator),
            name: "kernel")
        if useBias { bias = Parameter(Tensor.zeros([units]), name: "bias") }
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard let width = inputShape.last else {
            throw ArchitectureError(.shapeMismatch, "Dense needs inputs with a feature axis")
        }
        if let inputWidth, inputWidth != width {
            throw ArchitectureError(.shapeMismatch, "it was built for inputs of width \(inputWidth)")
        }
        return Array(inputShape.dropLast()) + [units]
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        _ = try outputShape(forInputShape: inputShape)
        let kernel = ParameterShape("kernel", [inputShape[inputShape.count - 1], units])
        return useBias ? [kernel, ParameterShape("bias", [units])] : [kernel]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { fatalError("Dense '\(name)' is used before it is built") }
        let width = kernel.value.shape[0]
        require(
            input.rank >= 2 && input.shape[input.rank - 1] == width,
            "Dense '\(name)' expects inputs of shape [batch, \(width)], got \(input.shape)")
        if input.rank > 2 {
            let rows = input.reshaped([-1, width])
            return forward(rows, training: training).reshaped(Array(input.shape.dropLast()) + [units])
        }
        return Dense.affine(input, kernel.tensor, bias?.tensor, activation: activation, name: name)
    }

    /// What inference on raw rows reads of this layer, for inputs of `width` features: raw
    /// pointers into its parameters' storage, valid while they keep their values (the caller
    /// holds the layer and changes nothing meanwhile).
    ///
    /// - Returns: nil when the layer is not built for that width, records gradients, or its
    ///   activation does not apply in place.
    func inferenceStep(width: Int) -> InferenceStep? {
        guard let kernel, !kernel.isRecording, bias?.isRecording != true, activation.appliesInPlace,
            kernel.value.shape[0] == width
        else { return nil }
        // Pointers read through the parameters, never a copy of their tensors: each copy
        // retained and released the storage and the shape, a tenth of a single sample's predict.
        return InferenceStep(
            weights: UnsafePointer(kernel.value.storage.base), bias: bias.map { UnsafePointer($0.value.storage.base) },
            width: width, units: units, activation: activation)
    }

    /// One Dense layer as inference reads it: see ``inferenceStep(width:)``.
    struct InferenceStep {
        let weights: UnsafePointer<Float>
        let bias: UnsafePointer<Float>?
        let width: Int
        let units: Int
        let activation: Activation

        /// `rows` rows of the input width from `x` into `rows` rows of ``units`` at `z`, with
        /// the bits of ``Dense/forward(_:training:)`` (the same product call, the same bias and
        /// activation pass) and nothing recorded or allocated.
        func inferRows(
            _ x: UnsafePointer<Float>, rows: Int, into z: UnsafeMutablePointer<Float>, configuration: ComputeConfiguration
        ) {
            Dense.multiply(x, rows: rows, by: weights, width: width, units: units, into: z, configuration: configuration)
            activation.applyInPlace(bias: bias, to: z, rows: rows, units: units)
        }
    }

    /// z = x · w for `rows` rows of x, with w [width, units] in a Tensor's (padded) storage:
    /// the one product call of both the recorded pass and ``InferenceStep/inferRows(_:rows:into:configuration:)``,
    /// so that the two give the same bits.
    private static func multiply(
        _ x: UnsafePointer<Float>, rows: Int, by w: UnsafePointer<Float>, width: Int, units: Int,
        into z: UnsafeMutablePointer<Float>, configuration: ComputeConfiguration
    ) {
        configuration.backend.gemm(
            m: rows, n: units, k: width, a: x, lda: width, transposeA: false, b: w, ldb: units, transposeB: false, c: z,
            ldc: units, accumulate: false, threads: configuration.threads, bIsPadded: true,
            kernel: CPUKernels.table(for: configuration.instructionSet).gemm)
    }

    /// activation(x · w + b) as one recorded operation.
    static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor?, activation: Activation, name: String) -> Tensor {
        let rows = x.shape[0], units = w.shape[1]
        // The configuration read once (it is behind a lock): a single sample's layer is a
        // microsecond, and three reads of it showed.
        let configuration = ComputeConfiguration.current
        var z = Tensor(uninitializedShape: [rows, units])
        z.withUnsafeMutableBufferPointer { zBuffer in
            x.withUnsafeBufferPointer { xBuffer in
                w.withUnsafeBufferPointer { wBuffer in
                    multiply(
                        xBuffer.baseAddress!, rows: rows, by: wBuffer.baseAddress!, width: w.shape[0], units: units,
                        into: zBuffer.baseAddress!, configuration: configuration)
                }
            }
        }
        let keptInput = activation.applyWithBias(b, to: &z)
        let y = z
        // Asked before the inputs' array is made: a prediction records nothing and needs none.
        guard x.isTracked || w.isTracked || b?.isTracked == true else { return y }
        let inputs = b.map { [x, w, $0] } ?? [x, w]
        let plainX = x.detached(), plainW = w.detached(), plainY = y.detached()
        let wantsInputGradient = x.isTracked, hasBias = b != nil
        return y.recorded("dense(\(activation))", inputs: inputs) { gradient in
            let (dz, db) = activation.gradientThroughBias(gradient, input: keptInput, output: plainY, wantsBias: hasBias)
            let dw = matmul(plainX, dz, transposeA: true)
            let dx = wantsInputGradient ? matmul(dz, plainW, transposeB: true) : nil
            return hasBias ? [dx, dw, db] : [dx, dw]
        }
    }
}

// MARK: Description

extension Dense: RegisteredLayer {
    public static let specificationKeywords = ["dense"]
    public static let specificationUsage =
        "N, N:activation, dense:N or dense:N:activation, then optionally :l1=X and :l2=X (a kernel penalty)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("units", units)
        settings.set("activation", activation)
        settings.set("useBias", useBias)
        settings.set("kernelRegularizer", kernelRegularizer?.setting)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(
            try settings.positiveInt("units"), activation: try settings.activation("activation", default: .linear),
            useBias: try settings.bool("useBias", default: true),
            kernelRegularizer: try Regularizer.read("kernelRegularizer", from: settings), name: name)
    }

    /// `dense:N[:activation][:l1=X][:l2=X]`; a bare `N...` arrives here with `dense` put before it.
    public static func parse(_ entry: SpecificationEntry) throws -> Dense {
        let plain = entry.plainParts(after: 0)
        guard plain.count == 1 || plain.count == 2, entry.parts.count <= 5 else { throw entry.failure("write \(specificationUsage)") }
        let units = try entry.positiveInt(at: 1, "the number of units")
        return Dense(
            units, activation: plain.count == 2 ? try entry.activation(plain[1]) : .linear,
            kernelRegularizer: try Regularizer.read(optionsOf: entry, after: 0))
    }
}

extension Dense: ONNXExportable {
    /// `Gemm` on flat rows; `MatMul` and `Add` on higher-rank inputs, which `Gemm` refuses.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsLast()
        guard let kernel = export.weight("kernel") else { throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built") }
        let bias = export.weight("bias")
        if export.inputShape.count == 1 {
            export.apply("Gemm", bias.map { [kernel, $0] } ?? [kernel])
        } else {
            export.apply("MatMul", [kernel])
            if let bias { export.apply("Add", [bias]) }
        }
        export.activate(activation)
    }
}

extension Dense: PyTorchWeightNaming {
    func pytorchWeight(for parameterName: String) -> PyTorchWeight {
        parameterName == "kernel" ? .linearWeight : .same(parameterName)
    }
}
