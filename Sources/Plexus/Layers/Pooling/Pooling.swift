// What MaxPooling2D and AveragePooling2D share: their window, shapes and checks, and the walk
// over window positions that both pooling kernels make.

/// A pooling layer: a window slid over NHWC images, no parameters.
protocol PoolingLayer: Layer {
    /// The window's height and width.
    var poolSize: (height: Int, width: Int) { get }
    /// The step between windows, down and across.
    var strides: (vertical: Int, horizontal: Int) { get }
    /// How the border is treated.
    var padding: Padding { get }
    /// A pool over `poolSize` windows, `strides` apart (the pool size when nil).
    init(poolSize: (Int, Int), strides: (Int, Int)?, padding: Padding, name: String)
    /// The ONNX operator that computes the pool, and its attributes beside the window.
    static var onnxOperator: (name: String, attributes: [ONNXGraph.Attribute]) { get }
}

extension PoolingLayer {
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }
    public var expectsImages: Bool { true }

    /// "MaxPooling2D 'max_pooling2d'", for messages.
    var label: String { "\(typeName) '\(name)'" }

    var window: SlidingWindow {
        SlidingWindow(
            height: poolSize.height, width: poolSize.width, strideY: strides.vertical,
            strideX: strides.horizontal, padding: padding, role: "pool")
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {
        _ = window.geometry(forImageShape: inputShape, layer: label)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        let geometry = try window.checkedGeometry(forImageShape: inputShape)
        return [geometry.outputHeight, geometry.outputWidth, geometry.channels]
    }
}

// MARK: Description, shared by the pools

extension PoolingLayer {
    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("poolSize", (poolSize.height, poolSize.width))
        settings.set("strides", (strides.vertical, strides.horizontal))
        settings.set("padding", padding.rawValue)
        return settings
    }

    public init(settings: LayerSettings, name: String) throws {
        let poolSize = try settings.positivePair("poolSize")
        self.init(
            poolSize: poolSize, strides: try settings.positivePair("strides", default: poolSize),
            padding: try settings.choice("padding", default: Padding.valid), name: name)
    }

    /// The window of a `KEYWORD` or `KEYWORD:P` entry: P (2 by default) for a PxP pool.
    static func poolSize(of entry: SpecificationEntry) throws -> Int {
        try entry.expectParts(1, 2, usage: "\(entry.parts[0]) or \(entry.parts[0]):SIZE")
        return entry.parts.count == 2 ? try entry.positiveInt(at: 1, "the pool size") : 2
    }
}

extension PoolingLayer where Self: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.toChannelsFirst()
        let window = export.windowAttributes(
            window: (poolSize.height, poolSize.width), strides: (strides.vertical, strides.horizontal), padding: padding)
        export.apply(Self.onnxOperator.name, attributes: window + Self.onnxOperator.attributes)
    }
}

extension WindowGeometry {
    /// Calls `body(image, output, rows, columns)` for every window position of the images in
    /// `images`: `output` is the position's row-major index in the [batch, oh, ow] grid, and
    /// `rows`/`columns` the input rows and columns the window covers inside the image (never
    /// empty: a 'same' window always overlaps the input).
    @inline(__always)
    func forEachWindow(images: Range<Int>, _ body: (Int, Int, Range<Int>, Range<Int>) -> Void) {
        for image in images {
            for oy in 0..<outputHeight {
                let y0 = oy * strideY - padTop
                let rows = Swift.max(0, y0)..<Swift.min(inputHeight, y0 + windowHeight)
                for ox in 0..<outputWidth {
                    let x0 = ox * strideX - padLeft
                    let columns = Swift.max(0, x0)..<Swift.min(inputWidth, x0 + windowWidth)
                    body(image, (image * outputHeight + oy) * outputWidth + ox, rows, columns)
                }
            }
        }
    }

    /// Runs `body` on parts of the batch, in parallel when the images are large in total.
    func forEachImagePart(_ body: (Range<Int>) -> Void) {
        forEachImagePart(batch, work: batch * imageSize, body)
    }
}
