/// The largest value of each channel over all pixels: `[batch, height, width, channels]`
/// becomes `[batch, channels]`, as Keras's `GlobalMaxPooling2D`.
///
/// ```swift
/// GlobalMaxPooling2D()           // [batch, 5, 5, 64] -> [batch, 64]
/// ```
///
/// `output[c] = max over (y, x) of input[y, x, c]`; the gradient goes to the pixel of the
/// maximum, the first one in row-major order on ties (as ``MaxPooling2D`` does).
public final class GlobalMaxPooling2D: GlobalPoolingLayer {
    public var name: String
    public static let typeName = "GlobalMaxPooling2D"
    /// Keras's name for the layer.
    public static let defaultName = "global_max_pooling2d"
    static let spatialRank = 2
    public static let specificationKeywords = ["globalmaxpool", "globalmaxpooling2d"]
    public static let specificationUsage = "globalmaxpool (the largest value of each channel over the image)"

    /// A pool taking the largest value over the pixels.
    public init(name: String = GlobalMaxPooling2D.defaultName) {
        self.name = name
    }

    static func reduce(_ positions: Tensor) -> Tensor { positions.max(alongAxis: 1) }
}

extension GlobalMaxPooling2D: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        exportPool(to: &export, imageOperator: "GlobalMaxPool", sequenceOperator: "ReduceMax")
    }
}
