/// A 2-D convolution over NHWC images: `activation(convolution(input, kernel) + bias)`.
///
/// As in Keras, the kernel is stored `[kernelHeight, kernelWidth, inputChannels, filters]` and
/// starts glorot-uniform with fan-in `kh*kw*in` and fan-out `kh*kw*filters`; the bias starts at
/// zero. The number of input channels is taken from the first input the layer sees.
///
/// ```swift
/// let conv = Conv2D(32, 3, activation: .relu)   // [batch, 28, 28, 1] -> [batch, 26, 26, 32]
/// ```
///
/// The convolution runs as im2col (each output position's input patch becomes a row) and a
/// matrix product with the kernel, chunk by chunk of the batch (see ConvolutionProducts.swift);
/// that product, the bias and the activation are one recorded operation, and so is their derivative.
public final class Conv2D: Layer {
    /// The number of output channels.
    public let filters: Int
    /// The window's height and width.
    public let kernelSize: (height: Int, width: Int)
    /// The step between windows, down and across.
    public let strides: (vertical: Int, horizontal: Int)
    /// How the border is treated.
    public let padding: Padding
    /// The function applied to `convolution + bias`.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// The penalty on the kernel added to the training loss, if any.
    public let kernelRegularizer: Regularizer?
    public var name: String
    public static let typeName = "Conv2D"
    public var outputActivation: Activation? { activation }
    public var expectsImages: Bool { true }

    /// The weights, `[kh, kw, inputChannels, filters]`; nil until built.
    public private(set) var kernel: Parameter?
    /// The biases, `[filters]`; nil until built or without a bias.
    public private(set) var bias: Parameter?

    /// A convolution with `filters` outputs and a `kernelSize` window.
    ///
    /// ```swift
    /// Conv2D(filters: 16, kernelSize: (3, 5), strides: (2, 2), padding: .same)
    /// ```
    public init(
        filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
        activation: Activation = .linear, useBias: Bool = true, kernelRegularizer: Regularizer? = nil,
        name: String = "conv2d"
    ) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        self.useBias = useBias
        self.kernelRegularizer = kernelRegularizer
        self.name = name
        require(filters > 0, "\(label): filters must be positive, got \(filters)")
        window.validate(layer: label)
    }

    /// A convolution with a square `kernelSize` window and equal strides.
    ///
    /// ```swift
    /// Conv2D(filters: 32, kernelSize: 3, activation: .relu)
    /// ```
    public convenience init(
        filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
        activation: Activation = .linear, useBias: Bool = true, kernelRegularizer: Regularizer? = nil,
        name: String = "conv2d"
    ) {
        self.init(
            filters: filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
            activation: activation, useBias: useBias, kernelRegularizer: kernelRegularizer, name: name)
    }

    /// A convolution with `filters` outputs and a square `kernelSize` window, Keras's positional form.
    ///
    /// ```swift
    /// Conv2D(32, 3, activation: .relu)
    /// ```
    public convenience init(
        _ filters: Int, _ kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
        activation: Activation = .linear, useBias: Bool = true, kernelRegularizer: Regularizer? = nil,
        name: String = "conv2d"
    ) {
        self.init(
            filters: filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
            activation: activation, useBias: useBias, kernelRegularizer: kernelRegularizer, name: name)
    }

    /// A convolution with `filters` outputs and a `kernelSize` window, Keras's positional form.
    ///
    /// ```swift
    /// Conv2D(8, (1, 3), strides: (1, 2))
    /// ```
    public convenience init(
        _ filters: Int, _ kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
        activation: Activation = .linear, useBias: Bool = true, kernelRegularizer: Regularizer? = nil,
        name: String = "conv2d"
    ) {
        self.init(
            filters: filters, kernelSize: kernelSize, strides: strides, padding: padding,
            activation: activation, useBias: useBias, kernelRegularizer: kernelRegularizer, name: name)
    }

    public var parameters: [Parameter] { [kernel, bias].compactMap { $0 } }
    public var isBuilt: Bool { kernel != nil }

    public func regularizationPenalty() -> Tensor? {
        guard let kernelRegularizer, let kernel else { return nil }
        return kernelRegularizer.penalty(kernel.tensor)
    }

    /// The number of input channels it was built for; nil until built.
    public var inputChannels: Int? { kernel?.value.shape[2] }

    /// "Conv2D 'conv2d'", for messages.
    var label: String { "\(typeName) '\(name)'" }

    var window: SlidingWindow {
        SlidingWindow(
            height: kernelSize.height, width: kernelSize.width, strideY: strides.vertical,
            strideX: strides.horizontal, padding: padding, role: "kernel")
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        let geometry = window.geometry(forImageShape: inputShape, layer: label)
        if let inputChannels {
            require(
                inputChannels == geometry.channels,
                "\(label) was built for \(inputChannels) input channels, got input shape \(inputShape)")
            return
        }
        let (kh, kw, channels) = (kernelSize.height, kernelSize.width, geometry.channels)
        kernel = Parameter(
            Initializer.glorotUniform.tensor(
                [kh, kw, channels, filters], fanIn: kh * kw * channels, fanOut: kh * kw * filters, using: &generator),
            name: "kernel")
        if useBias { bias = Parameter(Tensor.zeros([filters]), name: "bias") }
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        let geometry = try window.checkedGeometry(forImageShape: inputShape)
        if let inputChannels, inputChannels != geometry.channels {
            throw ArchitectureError(.shapeMismatch, "it was built for \(inputChannels) input channels")
        }
        return [geometry.outputHeight, geometry.outputWidth, filters]
    }

    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] {
        _ = try outputShape(forInputShape: inputShape)
        let kernel = ParameterShape("kernel", [kernelSize.height, kernelSize.width, inputShape[2], filters])
        return useBias ? [kernel, ParameterShape("bias", [filters])] : [kernel]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard let kernel else { fatalError("\(label) is used before it is built") }
        let geometry = window.geometry(forBatchShape: input.shape, layer: label)
        let channels = kernel.value.shape[2]
        require(
            geometry.channels == channels,
            "\(label) was built for \(channels) input channels, got input shape \(input.shape)")
        return convolve(input, kernel.tensor, bias?.tensor, geometry: geometry)
    }

    /// activation(im2col(x) · w + b) as one recorded operation.
    func convolve(_ x: Tensor, _ w: Tensor, _ b: Tensor?, geometry: WindowGeometry) -> Tensor {
        let rows = geometry.batch * geometry.positionsPerImage, units = filters
        // ReLU and linear are finished chunk by chunk inside the product; the others after it.
        let rowWise = self.activation.isRowWise
        var z = Tensor(uninitializedShape: [rows, units])
        z.withUnsafeMutableBufferPointer { zBuffer in
            x.withUnsafeBufferPointer { xBuffer in
                w.withUnsafeBufferPointer { wBuffer in
                    withOptionalPointer(b) { bias in
                        geometry.convolutionProduct(
                            xBuffer.baseAddress!, kernel: wBuffer.baseAddress!, units: units, into: zBuffer.baseAddress!,
                            finish: rowWise ? (bias, self.activation == .relu) : nil)
                    }
                }
            }
        }
        let keptInput = rowWise ? nil : self.activation.applyWithBias(b, to: &z)
        let y = z
        let output = y.reshaped([geometry.batch, geometry.outputHeight, geometry.outputWidth, units])
        let inputs = b.map { [x, w, $0] } ?? [x, w]
        guard inputs.contains(where: \.isTracked) else { return output }

        let plainX = x.detached(), plainW = w.detached(), plainY = y.detached(), activation = self.activation
        let wantsInput = x.isTracked, wantsKernel = w.isTracked, wantsBias = b?.isTracked ?? false
        let hasBias = b != nil, kernelShape = w.shape, patch = geometry.patchSize
        return output.recorded("conv2d(\(activation))", inputs: inputs) { gradient in
            let rowGradient = gradient.reshaped([rows, units])
            // Only ReLU needs a mask; any other activation's derivative is applied here first.
            let (g, mask): (Tensor, Tensor?) =
                switch activation {
                case .relu: (rowGradient, plainY)
                case .linear: (rowGradient, nil)
                default: (activation.inputGradient(rowGradient, input: keptInput, output: plainY), nil)
                }
            let (dx, dw, db) = geometry.convolutionGradients(
                g, output: mask, input: plainX,
                transposedKernel: wantsInput ? plainW.reshaped([patch, units]).transposed() : nil, units: units,
                wantsKernel: wantsKernel, wantsBias: wantsBias)
            let kernelGradient = dw?.reshaped(kernelShape)
            return hasBias ? [dx, kernelGradient, db] : [dx, kernelGradient]
        }
    }
}

// MARK: Description

extension Conv2D: RegisteredLayer {
    public static let specificationKeywords = ["conv", "conv2d"]
    public static let specificationUsage =
        "conv:FILTERS:KERNEL, then optionally :activation, :same or :valid, :sSTRIDE, :l1=X and :l2=X (a kernel penalty)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("filters", filters)
        settings.set("kernelSize", (kernelSize.height, kernelSize.width))
        settings.set("strides", (strides.vertical, strides.horizontal))
        settings.set("padding", padding.rawValue)
        settings.set("activation", activation)
        settings.set("useBias", useBias)
        settings.set("kernelRegularizer", kernelRegularizer?.setting)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(
            filters: try settings.positiveInt("filters"), kernelSize: try settings.positivePair("kernelSize"),
            strides: try settings.positivePair("strides", default: (1, 1)), padding: try settings.choice("padding", default: Padding.valid),
            activation: try settings.activation("activation", default: .linear), useBias: try settings.bool("useBias", default: true),
            kernelRegularizer: try Regularizer.read("kernelRegularizer", from: settings), name: name)
    }

    public static func parse(_ entry: SpecificationEntry) throws -> Conv2D {
        try entry.expectParts(3, 8, usage: specificationUsage)
        let filters = try entry.positiveInt(at: 1, "the number of filters")
        let kernel = try entry.positiveInt(at: 2, "the kernel size")
        var chosen = Activation.linear, padding = Padding.valid, stride = 1
        for option in entry.plainParts(after: 2) {
            if let named = Padding(rawValue: option) {
                padding = named
            } else if option.hasPrefix("s"), let value = Int(option.dropFirst()) {
                guard value > 0 else { throw entry.failure("the stride must be positive, got '\(option)'") }
                stride = value
            } else {
                chosen = try entry.activation(option)
            }
        }
        return Conv2D(
            filters: filters, kernelSize: kernel, strides: stride, padding: padding, activation: chosen,
            kernelRegularizer: try Regularizer.read(optionsOf: entry, after: 2))
    }
}

extension Conv2D: ONNXExportable {
    /// `Conv` on channels-first data, with the kernel as `[filters, in, kh, kw]`.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsFirst()
        guard let kernel = export.weight("kernel", { $0.permuted([3, 2, 0, 1]) }) else {
            throw ModelFileError(.notSavable, file: nil, "layer '\(name)' is not built")
        }
        let bias = export.weight("bias")
        let window = export.windowAttributes(
            window: (kernelSize.height, kernelSize.width), strides: (strides.vertical, strides.horizontal), padding: padding)
        export.apply("Conv", bias.map { [kernel, $0] } ?? [kernel], attributes: window + [.ints("dilations", [1, 1])])
        export.activate(activation)
    }
}

extension Conv2D: PyTorchWeightNaming {
    func pytorchWeight(for parameterName: String) -> PyTorchWeight {
        parameterName == "kernel" ? .convolutionWeight : .same(parameterName)
    }
}
