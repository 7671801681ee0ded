/// Downsamples NHWC images by averaging each channel over each window.
///
/// As in Keras, the strides default to the pool size, and with 'same' padding a window at
/// the border averages only the input elements it covers (padding is not counted).
///
/// ```swift
/// AveragePooling2D(2)       // [batch, 26, 26, 32] -> [batch, 13, 13, 32]
/// ```
public final class AveragePooling2D: PoolingLayer {
    /// The window's height and width.
    public let poolSize: (height: Int, width: Int)
    /// How far the window moves between outputs, down and across (the pool size by default).
    public let strides: (vertical: Int, horizontal: Int)
    /// How the window treats the image border.
    public let padding: Padding
    public var name: String
    public static let typeName = "AveragePooling2D"

    /// Average pooling over `poolSize` windows, `strides` apart (the pool size by default).
    ///
    /// ```swift
    /// AveragePooling2D(poolSize: (2, 2), strides: (1, 1), padding: .same)
    /// ```
    public init(
        poolSize: (Int, Int), strides: (Int, Int)? = nil, padding: Padding = .valid,
        name: String = "average_pooling2d"
    ) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.name = name
        window.validate(layer: label)
    }

    /// Average pooling over square windows.
    ///
    /// ```swift
    /// AveragePooling2D(poolSize: 3, strides: 2)
    /// ```
    public convenience init(
        poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String = "average_pooling2d"
    ) {
        self.init(
            poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    /// Average pooling over square windows, Keras's positional form.
    ///
    /// ```swift
    /// AveragePooling2D(2)
    /// ```
    public convenience init(
        _ poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "average_pooling2d"
    ) {
        self.init(
            poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let geometry = window.geometry(forBatchShape: input.shape, layer: label)
        let channels = geometry.channels
        var output = Tensor(
            uninitializedShape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, channels])
        output.withUnsafeMutableBufferPointer { outputBuffer in
            input.withUnsafeBufferPointer { inputBuffer in
                let source = inputBuffer.baseAddress!, destination = outputBuffer.baseAddress!
                geometry.forEachImagePart { images in
                    geometry.forEachWindow(images: images) { imageIndex, position, rows, columns in
                        let image = source + imageIndex * geometry.imageSize
                        let out = destination + position * channels
                        out.update(repeating: 0, count: channels)
                        for y in rows {
                            for x in columns {
                                addRun(from: image + (y * geometry.inputWidth + x) * channels, to: out, count: channels)
                            }
                        }
                        let scale = 1 / Float(rows.count * columns.count)
                        for c in 0..<channels { out[c] *= scale }
                    }
                }
            }
        }
        guard input.isTracked else { return output }
        let inputShape = input.shape
        return output.recorded("average_pooling2d", inputs: [input]) { gradient in
            var dx = Tensor.zeros(inputShape)
            dx.withUnsafeMutableBufferPointer { dxBuffer in
                gradient.withUnsafeBufferPointer { gradientBuffer in
                    let target = dxBuffer.baseAddress!, g = gradientBuffer.baseAddress!
                    geometry.forEachImagePart { images in
                        geometry.forEachWindow(images: images) { imageIndex, position, rows, columns in
                            let image = target + imageIndex * geometry.imageSize
                            let share = g + position * channels
                            let scale = 1 / Float(rows.count * columns.count)
                            for y in rows {
                                for x in columns {
                                    let element = image + (y * geometry.inputWidth + x) * channels
                                    for c in 0..<channels { element[c] += share[c] * scale }
                                }
                            }
                        }
                    }
                }
            }
            return [dx]
        }
    }
}

// MARK: Description

extension AveragePooling2D: RegisteredLayer {
    public static let specificationKeywords = ["avgpool", "averagepooling2d"]
    public static let specificationUsage = "avgpool or avgpool:SIZE (a SIZExSIZE pool, 2 by default)"

    public static func parse(_ entry: SpecificationEntry) throws -> AveragePooling2D {
        AveragePooling2D(poolSize: try poolSize(of: entry))
    }
}

extension AveragePooling2D: ONNXExportable {
    /// Padding is not counted in the average, as Keras averages.
    static let onnxOperator: (name: String, attributes: [ONNXGraph.Attribute]) = ("AveragePool", [.int("count_include_pad", 0)])
}
