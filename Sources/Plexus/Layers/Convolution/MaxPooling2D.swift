/// Downsamples NHWC images by taking the largest value of each channel in each window.
///
/// As in Keras, the strides default to the pool size, and 'same' padding pads with -infinity
/// (a padded position is never the maximum).
///
/// ```swift
/// MaxPooling2D(2)           // [batch, 26, 26, 32] -> [batch, 13, 13, 32]
/// ```
///
/// The gradient of each output goes to the position of its maximum (the first one, in
/// row-major window order, on ties), found in the forward pass.
public final class MaxPooling2D: PoolingLayer {
    public let poolSize: (height: Int, width: Int)
    public let strides: (vertical: Int, horizontal: Int)
    public let padding: Padding
    public var name: String
    public var typeName: String { "MaxPooling2D" }

    /// Max pooling over `poolSize` windows, `strides` apart (the pool size by default).
    ///
    /// ```swift
    /// MaxPooling2D(poolSize: (2, 2), strides: (1, 1), padding: .same)
    /// ```
    public init(
        poolSize: (Int, Int), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String = "max_pooling2d"
    ) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
        self.name = name
        window.validate(layer: label)
    }

    /// Max pooling over square windows.
    ///
    /// ```swift
    /// MaxPooling2D(poolSize: 3, strides: 2)
    /// ```
    public convenience init(poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String = "max_pooling2d") {
        self.init(
            poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    /// Max pooling over square windows, Keras's positional form.
    ///
    /// ```swift
    /// MaxPooling2D(2)
    /// ```
    public convenience init(_ poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String = "max_pooling2d") {
        self.init(
            poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let geometry = window.geometry(forBatchShape: input.shape, layer: label)
        require(
            geometry.imageSize <= Int(Int32.max),
            "\(label): images of shape \(Array(input.shape.dropFirst())) are too large to pool")
        let recording = input.isTracked
        let outputShape = [geometry.batch, geometry.outputHeight, geometry.outputWidth, geometry.channels]
        var output = Tensor(uninitializedShape: outputShape)
        let outputCount = output.count
        let channels = geometry.channels
        // Per output element, the index within its image of the input element that is its maximum.
        var argmax = [Int32](repeating: 0, count: recording ? outputCount : 0)
        output.withUnsafeMutableBufferPointer { outputBuffer in
            argmax.withUnsafeMutableBufferPointer { argmaxBuffer in
                input.withUnsafeBufferPointer { inputBuffer in
                    let source = inputBuffer.baseAddress!, destination = outputBuffer.baseAddress!
                    // An empty array may still have a base address: decide by `recording`.
                    let indices = recording ? argmaxBuffer.baseAddress : nil
                    geometry.forEachImagePart { images in
                        geometry.forEachWindow(images: images) { imageIndex, position, rows, columns in
                            let image = source + imageIndex * geometry.imageSize
                            let out = destination + position * channels
                            var first = true
                            for y in rows {
                                for x in columns {
                                    let offset = (y * geometry.inputWidth + x) * channels
                                    let value = image + offset
                                    if let indices {
                                        let index = indices + position * channels
                                        if first {
                                            for c in 0..<channels { out[c] = value[c]; index[c] = Int32(offset + c) }
                                        } else {
                                            // Branch-free, so that it vectorises; strict > keeps the first maximum.
                                            let base = Int32(offset)
                                            for c in 0..<channels {
                                                let candidate = value[c], better = candidate > out[c]
                                                out[c] = better ? candidate : out[c]
                                                index[c] = better ? base + Int32(c) : index[c]
                                            }
                                        }
                                    } else if first {
                                        out.update(from: value, count: channels)
                                    } else {
                                        for c in 0..<channels { out[c] = Swift.max(out[c], value[c]) }
                                    }
                                    first = false
                                }
                            }
                        }
                    }
                }
            }
        }
        guard recording else { return output }
        let inputShape = input.shape
        return output.recorded("max_pooling2d", inputs: [input]) { gradient in
            var dx = Tensor.zeros(inputShape)
            dx.withUnsafeMutableBufferPointer { dxBuffer in
                gradient.withUnsafeBufferPointer { gradientBuffer in
                    argmax.withUnsafeBufferPointer { indices in
                        let perImage = outputCount / Swift.max(geometry.batch, 1)
                        let dxBase = dxBuffer.baseAddress!, g = gradientBuffer.baseAddress!
                        let index = indices.baseAddress!
                        geometry.forEachImagePart { images in
                            for image in images {
                                let target = dxBase + image * geometry.imageSize
                                for i in (image * perImage)..<((image + 1) * perImage) {
                                    target[Int(index[i])] += g[i]
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
