/// How a convolution or pooling window treats the image border, as Keras's `padding`.
///
/// ```swift
/// Conv2D(32, 3, padding: .same)      // output 28x28 for a 28x28 input
/// ```
///
/// - ``valid``: no padding; the window stays inside the input, so the output is
///   `floor((input - window) / stride) + 1` long and the window may not exceed the input.
/// - ``same``: the output is `ceil(input / stride)` long; the input is padded by
///   `max((output - 1) * stride + window - input, 0)` in total, half (rounded down) before and
///   the rest after, as Keras (and TensorFlow) do.
public enum Padding: String, Sendable, Hashable, CaseIterable {
    /// No padding: the window stays inside the input.
    case valid
    /// Padding so that the output is `ceil(input / stride)` long, as Keras pads.
    case same
}

/// How one spatial axis (height or width) of a window maps onto an input axis.
struct WindowAxis: Equatable {
    /// The output length along this axis.
    let outputLength: Int
    /// The number of padded positions before the first input element.
    let padBefore: Int

    /// The axis for an input of `input` elements, or nil when a valid window does not fit.
    init?(input: Int, window: Int, stride: Int, padding: Padding) {
        switch padding {
        case .valid:
            guard input >= window else { return nil }
            outputLength = (input - window) / stride + 1
            padBefore = 0
        case .same:
            guard input > 0 else { return nil }
            outputLength = (input + stride - 1) / stride
            let total = Swift.max((outputLength - 1) * stride + window - input, 0)
            padBefore = total / 2
        }
    }
}

/// The size and placement of a sliding window over a batch of NHWC images: everything
/// im2col, col2im and the pooling loops need. Built by ``SlidingWindow/geometry(forInputShape:)``.
struct WindowGeometry: Equatable {
    var batch: Int
    var inputHeight: Int
    var inputWidth: Int
    var channels: Int
    var windowHeight: Int
    var windowWidth: Int
    var strideY: Int
    var strideX: Int
    var padTop: Int
    var padLeft: Int
    var outputHeight: Int
    var outputWidth: Int

    /// Elements of one input image.
    var imageSize: Int { inputHeight * inputWidth * channels }
    /// Window positions per image.
    var positionsPerImage: Int { outputHeight * outputWidth }
    /// The length of one im2col row: a window's elements in [kh, kw, channels] order.
    var patchSize: Int { windowHeight * windowWidth * channels }
}

/// A window's size, strides and padding, with the layer it belongs to for messages.
struct SlidingWindow {
    var height: Int
    var width: Int
    var strideY: Int
    var strideX: Int
    var padding: Padding
    /// What the window is called in messages: "kernel" or "pool".
    var role: String

    /// Checks sizes and strides, stopping with a message that names the layer.
    func validate(layer: String) {
        require(
            height > 0 && width > 0,
            "\(layer): \(role) size must be positive, got \(height)x\(width)")
        require(
            strideY > 0 && strideX > 0,
            "\(layer): strides must be positive, got \(strideY)x\(strideX)")
    }

    /// The geometry for one image shape `[height, width, channels]` (batch 1 unless given),
    /// stopping with a message naming `layer` and the shapes when it does not fit.
    func geometry(forImageShape shape: [Int], batch: Int = 1, layer: String) -> WindowGeometry {
        do { return try checkedGeometry(forImageShape: shape, batch: batch) } catch { fatalError("\(layer): \(error)") }
    }

    /// The geometry for one image shape `[height, width, channels]` (batch 1 unless given).
    ///
    /// - Throws: ``ArchitectureError`` when the shape is not an image or the window does not fit it.
    func checkedGeometry(forImageShape shape: [Int], batch: Int = 1) throws -> WindowGeometry {
        guard shape.count == 3 else {
            throw ArchitectureError(
                .shapeMismatch,
                "it needs images of shape [height, width, channels], got samples of shape \(shape) (flat rows need a Reshape first, or images)"
            )
        }
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw ArchitectureError(.shapeMismatch, "it needs images with positive height, width and channels, got \(shape)")
        }
        let rows = WindowAxis(input: shape[0], window: height, stride: strideY, padding: padding)
        let columns = WindowAxis(input: shape[1], window: width, stride: strideX, padding: padding)
        guard let rows, let columns else {
            throw ArchitectureError(
                .shapeMismatch,
                "\(role) \(height)x\(width) is larger than the input \(shape[0])x\(shape[1]) (padding \(padding.rawValue))")
        }
        return WindowGeometry(
            batch: batch, inputHeight: shape[0], inputWidth: shape[1], channels: shape[2],
            windowHeight: height, windowWidth: width, strideY: strideY, strideX: strideX,
            padTop: rows.padBefore, padLeft: columns.padBefore,
            outputHeight: rows.outputLength, outputWidth: columns.outputLength)
    }

    /// The geometry for a batch `[batch, height, width, channels]`.
    func geometry(forBatchShape shape: [Int], layer: String) -> WindowGeometry {
        require(
            shape.count == 4,
            "\(layer) expects inputs of shape [batch, height, width, channels], got \(shape)")
        return geometry(forImageShape: Array(shape.dropFirst()), batch: shape[0], layer: layer)
    }
}
