/// The mean of each feature over all steps of a sequence: `[batch, steps, features]` becomes
/// `[batch, features]`, as Keras's `GlobalAveragePooling1D`. It turns an ``Embedding``'s
/// vectors into one vector per sample.
///
/// ```swift
/// GlobalAveragePooling1D()       // [batch, 20, 16] -> [batch, 16]
/// ```
///
/// `output[f] = sum over s of input[s, f] / steps`; each step gets `gradient[f] / steps`.
public final class GlobalAveragePooling1D: GlobalPoolingLayer {
    public var name: String
    public static let typeName = "GlobalAveragePooling1D"
    /// Keras's name for the layer.
    public static let defaultName = "global_average_pooling1d"
    static let spatialRank = 1
    public static let specificationKeywords = ["globalavgpool1d", "globalaveragepooling1d"]
    public static let specificationUsage = "globalavgpool1d (the mean over the steps of [steps, features])"

    /// A pool averaging over the steps.
    public init(name: String = GlobalAveragePooling1D.defaultName) {
        self.name = name
    }

    static func reduce(_ positions: Tensor) -> Tensor { positions.mean(alongAxis: 1) }
}

extension GlobalAveragePooling1D: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        exportPool(to: &export, imageOperator: "GlobalAveragePool", sequenceOperator: "ReduceMean")
    }
}
