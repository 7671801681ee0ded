import CPlexusKernels

// Max pooling's forward pass and the fused convolution-pool's gradient routing run in C, at
// the vector width of the machine: written in Swift they ran four floats wide (the package
// cannot ask for wider instructions), a fifth of a small image network's step.

extension WindowGeometry {
    /// This geometry as the C pooling kernels take it (the batch is passed to each call).
    var poolGeometry: plx_pool_geometry {
        plx_pool_geometry(
            height: inputHeight, width: inputWidth, channels: channels, window_height: windowHeight,
            window_width: windowWidth, stride_y: strideY, stride_x: strideX, pad_top: padTop, pad_left: padLeft,
            output_height: outputHeight, output_width: outputWidth)
    }

    /// Writes the maximum of each window, channel by channel, for images `images` (`input` and
    /// `output` are the batch's first image). Each input is first finished as a convolution
    /// finishes it, with `bias` added and, with `rectify`, ReLU. With `maxima`, the window
    /// position of each maximum too: row-major, counted from the window's first row and column
    /// inside the image, of the first input equal to it, or `UInt8.max` for a NaN maximum; the
    /// pool's backward pass sends the gradient there.
    func maxPool(
        _ input: UnsafePointer<Float>, images: Range<Int>, bias: UnsafePointer<Float>? = nil, rectify: Bool = false,
        into output: UnsafeMutablePointer<Float>, maxima: UnsafeMutablePointer<UInt8>? = nil
    ) {
        let outputs = images.lowerBound * positionsPerImage * channels
        var geometry = poolGeometry
        CPUKernels.table.maxPool(
            &geometry, input + images.lowerBound * imageSize, images.count, bias, rectify ? 1 : 0, output + outputs,
            maxima.map { $0 + outputs })
    }

    /// The gradient by a pool's input for `images` images, from the gradient by its output `g`
    /// and the positions ``maxPool(_:images:bias:rectify:into:maxima:)`` found, for windows
    /// that do not overlap: each output's gradient at its maximum, zero elsewhere. With
    /// `pooled` (the pool's output, after a ReLU), a maximum that is not positive gets zero:
    /// ReLU's mask, since the ReLU output there is that maximum.
    ///
    /// The values are those of ``maxPoolGradient(_:input:output:images:into:)`` followed by
    /// ReLU's mask, to the bit: where that pass adds a gradient to zeros (windows that do not
    /// tile the input), the gradient arrives as 0 + g here too.
    func routeToMaxima(
        _ g: UnsafePointer<Float>, maxima: UnsafePointer<UInt8>, pooled: UnsafePointer<Float>?, images: Int,
        into dx: UnsafeMutablePointer<Float>
    ) {
        var geometry = poolGeometry
        CPUKernels.table.routeToMaxima(&geometry, g, maxima, pooled, images, windowsTileTheInput ? 1 : 0, dx)
    }
}
