/// How another framework lays out the weights it saves, for ``Model/importWeights(from:layout:mapping:)``.
public enum WeightLayout: String, Sendable, CaseIterable {
    /// Keras (and Plexus): Dense kernel `[in, out]`, Conv2D kernel `[kh, kw, in, out]`,
    /// channels-last images, so weights are taken as they are.
    case keras
    /// PyTorch: Linear weight `[out, in]` (transposed on import), Conv2d weight
    /// `[out, in, kh, kw]` (permuted to `[kh, kw, in, out]`). A Linear layer that follows a
    /// Flatten of channels-first feature maps has its input columns reordered from PyTorch's
    /// `(channel, row, column)` order to Plexus's `(row, column, channel)` order.
    case pytorch
}

/// How the tensors of a weight file are matched with a model's weights.
public enum WeightMapping: String, Sendable, CaseIterable {
    /// One after the other: each layer's kernel then bias, in layer order, against the file's
    /// tensors in order. An NPZ file's order is that of its arrays (`np.savez` keeps the order
    /// of its arguments); a safetensors file's is that of its names, numbers compared as
    /// numbers (`fc2` before `fc10`, `0.weight` before `2.weight`) and each layer's
    /// weight/kernel before its bias.
    case byOrder
    /// By name: the model's `dense_1.kernel` from the file's `dense_1.kernel` (or
    /// `dense_1.weight` in PyTorch's layout); biases `dense_1.bias`.
    case byName
}
