// A convolution followed by max pooling, as one recorded operation.
//
// A first convolution's output is the largest tensor of a small image network (11 MB for 128
// images of 26x26x32): the convolution writes it and the pool reads it, and in the backward
// pass the pool writes a gradient as large, which the convolution reads. Fused, each chunk of
// images is convolved, finished (bias, ReLU) and pooled while still in cache; only the pooled
// output is kept, with, in training, the window position of each maximum (a byte). The
// backward pass routes each chunk's pooled gradient to those positions in cache and goes on
// as the convolution's own backward pass does. The bits are those of the two layers one after
// the other: the same products on the same chunks, the same maxima, the same routing.

extension Conv2D {
    /// `pool(self(input))` in one pass when the two can share chunks: this layer's activation
    /// is finished inside the product (ReLU or linear), and the pool's windows do not overlap
    /// and start at the image's corner (no padding before). Nil otherwise, and for an input
    /// the layers would refuse: the caller then runs them one after the other.
    func forwardPooled(_ input: Tensor, then pool: MaxPooling2D) -> Tensor? {
        guard let kernel, activation == .relu || activation == .linear, input.rank == 4,
            input.shape[3] == kernel.value.shape[2],
            let geometry = try? window.checkedGeometry(forImageShape: Array(input.shape.dropFirst()), batch: input.shape[0]),
            let pooling = try? pool.window.checkedGeometry(
                forImageShape: [geometry.outputHeight, geometry.outputWidth, filters], batch: geometry.batch),
            pooling.hasSeparateWindows
        else { return nil }
        let w = kernel.tensor, b = bias?.tensor, units = filters, rectify = activation == .relu
        let inputs = b.map { [input, w, $0] } ?? [input, w]
        let recording = inputs.contains(where: \.isTracked)
        var pooled = Tensor(uninitializedShape: [geometry.batch, pooling.outputHeight, pooling.outputWidth, units])
        // The window position of each maximum, for the backward pass.
        var maxima = [UInt8](repeating: 0, count: recording ? pooled.count : 0)
        pooled.withUnsafeMutableBufferPointer { pooledBuffer in
            maxima.withUnsafeMutableBufferPointer { maximaBuffer in
                withPointers(input, w) { x, kernelBase in
                    withOptionalPointer(b) { bias in
                        geometry.convolutionPooled(
                            x, kernel: kernelBase!, units: units, bias: bias, rectify: rectify, pooling: pooling,
                            into: pooledBuffer.baseAddress!, maxima: recording ? maximaBuffer.baseAddress! : nil)
                    }
                }
            }
        }
        guard recording else { return pooled }

        let positionsOfMaxima = maxima, plainX = input.detached(), plainW = w.detached(), plainPooled = pooled, activation = activation
        let wantsInput = input.isTracked, wantsKernel = w.isTracked, wantsBias = b?.isTracked ?? false
        let hasBias = b != nil, kernelShape = w.shape, patch = geometry.patchSize
        return pooled.recorded("conv2d(\(activation))+max_pooling2d", inputs: inputs) { gradient in
            let (dx, dw, db) = withPointers(gradient, rectify ? plainPooled : nil) { g, y in
                positionsOfMaxima.withUnsafeBufferPointer { positions in
                    geometry.convolutionGradients(
                        input: plainX, transposedKernel: wantsInput ? plainW.reshaped([patch, units]).transposed() : nil,
                        units: units, wantsKernel: wantsKernel, wantsBias: wantsBias, makesRows: true
                    ) { images, scratch, sums in
                        let first = images.lowerBound * pooling.positionsPerImage * units
                        pooling.routeToMaxima(
                            g + first, maxima: positions.baseAddress! + first, pooled: y.map { $0 + first },
                            images: images.count, into: scratch)
                        if let sums { addColumns(of: scratch, rows: images.count * geometry.positionsPerImage, units: units, into: sums) }
                        return UnsafePointer(scratch)
                    }
                }
            }
            let kernelGradient = dw?.reshaped(kernelShape)
            return hasBias ? [dx, kernelGradient, db] : [dx, kernelGradient]
        }
    }
}

extension WindowGeometry {
    /// Whether each input position lies in at most one window, windows starting at the corner:
    /// what routing a gradient to one position per window, with no sums, needs. The window
    /// positions must also fit in a byte.
    var hasSeparateWindows: Bool {
        strideY >= windowHeight && strideX >= windowWidth && padTop == 0 && padLeft == 0
            && windowHeight * windowWidth < Int(UInt8.max)
    }

    /// The convolution of `x` (this geometry's NHWC batch), finished with the bias and ReLU
    /// (when `rectify`), pooled by `pooling` into `pooled`, chunk by chunk; with `maxima`, the
    /// window position of each pooled value too (see ``maxPool(_:images:bias:rectify:into:maxima:)``).
    func convolutionPooled(
        _ x: UnsafePointer<Float>, kernel w: UnsafePointer<Float>, units: Int, bias: UnsafePointer<Float>?, rectify: Bool,
        pooling: WindowGeometry, into pooled: UnsafeMutablePointer<Float>, maxima: UnsafeMutablePointer<UInt8>?
    ) {
        let positions = positionsPerImage, inPlace = multipliesInPlace
        forEachChunkAsCoresFree(units: units) { images in
            let rows = images.count * positions, columns = columnCount(images: images.count, inPlace: inPlace)
            ScratchBufferPool.shared.withBuffer(count: columns + rows * units) { scratch in
                let z = scratch + columns
                // The bias and ReLU are added as the pool reads the product: one pass over it.
                chunkProduct(
                    x, images: images, columns: scratch, kernel: w, units: units, into: z, finish: nil, inPlace: inPlace)
                let first = images.lowerBound * pooling.positionsPerImage * units
                pooling.maxPool(
                    z, images: 0..<images.count, bias: bias, rectify: rectify, into: pooled + first,
                    maxima: maxima.map { $0 + first })
            }
        }
    }
}
