/// The mean of each channel over all pixels: `[batch, height, width, channels]` becomes
/// `[batch, channels]`, as Keras's `GlobalAveragePooling2D`: the usual end of a convolutional
/// network before its last Dense layer, instead of Flatten.
///
/// ```swift
/// GlobalAveragePooling2D()       // [batch, 5, 5, 64] -> [batch, 64]
/// ```
///
/// `output[c] = sum over (y, x) of input[y, x, c] / (height * width)`; each pixel gets
/// `gradient[c] / (height * width)`.
public final class GlobalAveragePooling2D: GlobalPoolingLayer {
    public var name: String
    public static let typeName = "GlobalAveragePooling2D"
    /// Keras's name for the layer.
    public static let defaultName = "global_average_pooling2d"
    static let spatialRank = 2
    public static let specificationKeywords = ["globalavgpool", "globalaveragepooling2d"]
    public static let specificationUsage = "globalavgpool (the mean of each channel over the image)"

    /// A pool averaging over the pixels.
    public init(name: String = GlobalAveragePooling2D.defaultName) {
        self.name = name
    }

    static func reduce(_ positions: Tensor) -> Tensor { positions.mean(alongAxis: 1) }
}

extension GlobalAveragePooling2D: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        exportPool(to: &export, imageOperator: "GlobalAveragePool", sequenceOperator: "ReduceMean")
    }
}
