/// TensorBoard's `Event` messages, encoded by hand: the file-version header, scalars and
/// histograms, written the way TensorFlow's v2 summary writer (and so Keras's TensorBoard
/// callback) writes them, so TensorBoard shows a Plexus run as it shows a Keras one.
///
/// Field numbers follow tensorboard/compat/proto: event.proto (Event), summary.proto
/// (Summary, Summary.Value, SummaryMetadata), tensor.proto (TensorProto), tensor_shape.proto
/// and types.proto (DT_FLOAT = 1, DT_DOUBLE = 2).
enum TensorBoardEvent {
    /// The first record of every event file: `file_version: "brain.Event:2"`.
    static func fileVersion(wallTime: Double) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(Field.wallTime, wallTime)
        event.string(Field.fileVersion, "brain.Event:2")
        return event.bytes
    }

    /// One scalar point, as `tf.summary.scalar` writes it: a rank-0 float32 tensor under the
    /// "scalars" plugin with data class scalar (not the old `simple_value`).
    static func scalar(tag: String, value: Float, step: Int, wallTime: Double) -> [UInt8] {
        let content = withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
        return summaryEvent(
            tag: tag, plugin: "scalars", dataClass: DataClass.scalar, step: step, wallTime: wallTime,
            tensor: (dataType: DataType.float, shape: [], content: content))
    }

    /// One histogram, as `tf.summary.histogram` writes it: a float64 tensor of shape
    /// `[buckets, 3]`, each row a bucket's left edge, right edge and count, under the
    /// "histograms" plugin.
    static func histogram(tag: String, buckets: [HistogramBucket], step: Int, wallTime: Double) -> [UInt8] {
        var content: [UInt8] = []
        content.reserveCapacity(buckets.count * 24)
        for bucket in buckets {
            for number in [bucket.left, bucket.right, bucket.count] {
                withUnsafeBytes(of: number.bitPattern.littleEndian) { content.append(contentsOf: $0) }
            }
        }
        return summaryEvent(
            tag: tag, plugin: "histograms", dataClass: nil, step: step, wallTime: wallTime,
            tensor: (dataType: DataType.double, shape: [buckets.count, 3], content: content))
    }

    /// An Event holding a Summary of one Value whose data is a tensor.
    private static func summaryEvent(
        tag: String, plugin: String, dataClass: Int?, step: Int, wallTime: Double,
        tensor: (dataType: Int, shape: [Int], content: [UInt8])
    ) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(Field.wallTime, wallTime)
        event.int(Field.step, step)
        event.message(Field.summary) { summary in
            summary.message(Field.summaryValue) { value in
                value.string(Field.valueTag, tag)
                value.message(Field.valueMetadata) { metadata in
                    // The plugin's data: its name, and an empty content (version 0 of its
                    // plugin-data message, whose fields are all defaults).
                    metadata.message(Field.pluginData) { pluginData in
                        pluginData.string(Field.pluginName, plugin)
                    }
                    if let dataClass { metadata.int(Field.dataClass, dataClass) }
                }
                value.message(Field.valueTensor) { proto in
                    proto.int(Field.tensorDataType, tensor.dataType)
                    proto.message(Field.tensorShape) { shape in
                        for size in tensor.shape {
                            shape.message(Field.shapeDimension) { dimension in dimension.int(Field.dimensionSize, size) }
                        }
                    }
                    proto.data(Field.tensorContent, tensor.content)
                }
            }
        }
        return event.bytes
    }

    private enum Field {
        // Event
        static let wallTime = 1, step = 2, fileVersion = 3, summary = 5
        // Summary and Summary.Value
        static let summaryValue = 1, valueTag = 1, valueTensor = 8, valueMetadata = 9
        // SummaryMetadata and SummaryMetadata.PluginData
        static let pluginData = 1, dataClass = 4, pluginName = 1
        // TensorProto, TensorShapeProto, TensorShapeProto.Dim
        static let tensorDataType = 1, tensorShape = 2, tensorContent = 4, shapeDimension = 2, dimensionSize = 1
    }

    private enum DataType {
        static let float = 1, double = 2
    }

    private enum DataClass {
        static let scalar = 1
    }
}

/// One bar of a histogram: the values in [left, right) (the last bar includes its right edge).
struct HistogramBucket: Equatable {
    var left: Double
    var right: Double
    var count: Double
}

extension HistogramBucket {
    /// `count` equal-width buckets from the smallest finite value to the largest, as
    /// TensorBoard's histogram summary makes them; when every value is the same, one bucket
    /// of width 1 centred on it; none for no values. Values that are not finite are left out.
    static func buckets(of values: [Float], count: Int = 30) -> [HistogramBucket] {
        let finite = values.filter(\.isFinite).map(Double.init)
        guard let low = finite.min(), let high = finite.max(), count > 0 else { return [] }
        guard high > low else { return [HistogramBucket(left: low - 0.5, right: low + 0.5, count: Double(finite.count))] }
        let width = (high - low) / Double(count)
        var counts = [Double](repeating: 0, count: count)
        for value in finite {
            counts[Swift.min(Int((value - low) / width), count - 1)] += 1
        }
        return (0..<count).map { index in
            HistogramBucket(
                left: low + Double(index) * width, right: index == count - 1 ? high : low + Double(index + 1) * width,
                count: counts[index])
        }
    }
}
