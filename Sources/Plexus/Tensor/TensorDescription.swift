extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    /// The largest dimension printed in full; longer ones show their first and last
    /// ``summaryEdgeItems`` entries around "...".
    static let summaryThreshold = 6
    /// The entries shown at each end of a summarised dimension.
    static let summaryEdgeItems = 3

    /// The elements in nested brackets, NumPy style; a scalar prints as its value.
    ///
    /// ```swift
    /// print(Tensor([[1, 2], [3, 4]]))                // [[1.0, 2.0], [3.0, 4.0]]
    /// print(Tensor.range(10))                        // [0.0, 1.0, 2.0, ..., 7.0, 8.0, 9.0]
    /// ```
    ///
    /// A dimension longer than 6 shows only its first and last 3 entries.
    public var description: String {
        var text = ""
        appendElements(axis: 0, offset: 0, to: &text)
        return text
    }

    /// The shape and the elements: `Tensor(shape: [2, 2], [[1.0, 2.0], [3.0, 4.0]])`.
    public var debugDescription: String {
        "Tensor(shape: \(shape), \(description))"
    }

    /// Writes the sub-tensor starting at `offset` whose first axis is `axis`.
    private func appendElements(axis: Int, offset: Int, to text: inout String) {
        if axis == rank {
            text += "\(storage.base[offset])"
            return
        }
        let length = shape[axis]
        let stride = shape[(axis + 1)...].reduce(1, *)
        let summarise = length > Tensor.summaryThreshold
        text += "["
        var index = 0
        while index < length {
            if index > 0 { text += ", " }
            if summarise && index == Tensor.summaryEdgeItems {
                text += "..., "
                index = length - Tensor.summaryEdgeItems
            }
            appendElements(axis: axis + 1, offset: offset + index * stride, to: &text)
            index += 1
        }
        text += "]"
    }
}
