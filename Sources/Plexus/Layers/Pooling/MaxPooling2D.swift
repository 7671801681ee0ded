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
/// row-major window order, on ties).
public final class MaxPooling2D: PoolingLayer {
    /// The window's height and width.
    public let poolSize: (height: Int, width: Int)
    /// How far the window moves between outputs, down and across (the pool size by default).
    public let strides: (vertical: Int, horizontal: Int)
    /// How the window treats the image border.
    public let padding: Padding
    public var name: String
    public static let typeName = "MaxPooling2D"

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
        var output = Tensor(uninitializedShape: [geometry.batch, geometry.outputHeight, geometry.outputWidth, geometry.channels])
        output.withUnsafeMutableBufferPointer { outputBuffer in
            input.withUnsafeBufferPointer { inputBuffer in
                geometry.forEachImagePart { images in
                    geometry.maxPool(inputBuffer.baseAddress!, images: images, into: outputBuffer.baseAddress!)
                }
            }
        }
        guard input.isTracked else { return output }
        // The backward pass finds each maximum again by comparing the input with the output:
        // cheaper than writing an arg-max index for every output in the forward pass.
        let plainInput = input.detached(), plainOutput = output
        return output.recorded("max_pooling2d", inputs: [input]) { gradient in
            var dx = Tensor(uninitializedShape: plainInput.shape)
            dx.withUnsafeMutableBufferPointer { dxBuffer in
                plainInput.withUnsafeBufferPointer { inputBuffer in
                    plainOutput.withUnsafeBufferPointer { outputBuffer in
                        gradient.withUnsafeBufferPointer { gradientBuffer in
                            geometry.forEachImagePart { images in
                                geometry.maxPoolGradient(
                                    gradientBuffer.baseAddress!, input: inputBuffer.baseAddress!,
                                    output: outputBuffer.baseAddress!, images: images, into: dxBuffer.baseAddress!)
                            }
                        }
                    }
                }
            }
            return [dx]
        }
    }
}

extension WindowGeometry {
    /// Whether the windows cover every input position exactly once (no overlap, no gap, no
    /// position left out), so that a pool's gradient is stored rather than added to zeros.
    var windowsTileTheInput: Bool {
        strideY == windowHeight && strideX == windowWidth
            && (outputHeight - 1) * strideY - padTop + windowHeight >= inputHeight
            && (outputWidth - 1) * strideX - padLeft + windowWidth >= inputWidth
    }

    /// Writes into `dx` (images `images`) each output's gradient at the first input of its window
    /// (in row-major window order) that equals the output: the position the maximum came from;
    /// zero elsewhere, and the sum where windows overlap.
    func maxPoolGradient(
        _ gradient: UnsafePointer<Float>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        images: Range<Int>, into dx: UnsafeMutablePointer<Float>
    ) {
        // Windows that neither overlap nor leave gaps (2x2 pools on even sizes) write every
        // input position exactly once: stored, not added, with no zeroing pass first. On a first
        // convolution's 11 MB output that halves the memory traffic of this pass.
        let overwrite = windowsTileTheInput
        for image in images {
            // Zeroed image by image, just before its sums: cheaper than a whole zero tensor first.
            if !overwrite { (dx + image * imageSize).update(repeating: 0, count: imageSize) }
            maxPoolGradient(gradient, input: input, output: output, image: image, into: dx, overwrite: overwrite)
        }
    }

    /// One image's part of ``maxPoolGradient(_:input:output:images:into:)``; with `overwrite`,
    /// every input position lies in exactly one window and is written (the gradient or zero)
    /// rather than added to.
    private func maxPoolGradient(
        _ gradient: UnsafePointer<Float>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        image: Int, into dx: UnsafeMutablePointer<Float>, overwrite: Bool
    ) {
        typealias Lanes = SIMD8<Float>
        let rowStride = inputWidth * channels, vectorChannels = channels - channels % Lanes.scalarCount
        forEachWindow(images: image..<(image + 1)) { image, position, rows, columns in
            let source = input + image * imageSize, target = dx + image * imageSize
            let g = gradient + position * channels, maximum = output + position * channels
            // Eight channels at a time, with their still-unfound flags kept in a register across
            // the window (Swift does not vectorise the scalar form of this loop).
            for c in stride(from: 0, to: vectorChannels, by: Lanes.scalarCount) {
                let goal = Lanes(loading: maximum + c), share = Lanes(loading: g + c)
                var pending = SIMDMask<SIMD8<Int32>>(repeating: true)
                for y in rows {
                    for x in columns {
                        let offset = y * rowStride + x * channels + c
                        let found = (Lanes(loading: source + offset) .== goal) .& pending
                        let routed = Lanes().replacing(with: share, where: found)
                        (overwrite ? routed : Lanes(loading: target + offset) + routed).store(to: target + offset)
                        pending .&= .!found
                    }
                }
            }
            for c in vectorChannels..<channels {
                if overwrite {
                    for y in rows {
                        for x in columns { target[y * rowStride + x * channels + c] = 0 }
                    }
                }
                search: for y in rows {
                    for x in columns where source[y * rowStride + x * channels + c] == maximum[c] {
                        // Stored where every position is written once, as the vectors store it.
                        let index = y * rowStride + x * channels + c
                        target[index] = overwrite ? g[c] : target[index] + g[c]
                        break search
                    }
                }
            }
        }
    }
}

// MARK: Description

extension MaxPooling2D: RegisteredLayer {
    public static let specificationKeywords = ["maxpool", "maxpooling2d"]
    public static let specificationUsage = "maxpool or maxpool:SIZE (a SIZExSIZE pool, 2 by default)"

    public static func parse(_ entry: SpecificationEntry) throws -> MaxPooling2D {
        MaxPooling2D(poolSize: try poolSize(of: entry))
    }
}

extension MaxPooling2D: ONNXExportable {
    static let onnxOperator: (name: String, attributes: [ONNXGraph.Attribute]) = ("MaxPool", [])
}
