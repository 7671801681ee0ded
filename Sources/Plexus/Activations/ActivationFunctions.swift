// The activations as differentiable functions of tensors. Every one goes through
// `Activation.applied(to:)`, so each activation's math lives once, in `Activation.value` and
// `Activation.inputGradient`, shared with the layers that fuse it into their own node.

extension Activation {
    /// The activation applied to `x`: differentiable, recording one node when `x` is tracked.
    ///
    /// ```swift
    /// let hidden = Activation.relu(matmul(x, w))
    /// let leaky = Activation.leakyRelu(slope: 0.1)(z)
    /// ```
    public func callAsFunction(_ x: Tensor) -> Tensor {
        applied(to: x)
    }

    /// The activation applied to `x`, recorded as one node whose vector-Jacobian product is
    /// ``inputGradient(_:input:output:)``. Linear returns `x` itself.
    func applied(to x: Tensor) -> Tensor {
        if self == .linear { return x }
        let y = value(x)
        guard x.isTracked else { return y }
        let input = x.detached(), output = y.detached()
        return y.recorded(description, inputs: [x]) { g in
            [self.inputGradient(g, input: input, output: output)]
        }
    }
}

/// The rectified linear unit, `max(0, x)`, elementwise.
///
/// ```swift
/// relu(Tensor([-1, 0, 2]))                       // [0.0, 0.0, 2.0]
/// ```
///
/// Differentiable: the gradient is 1 where `x > 0` and 0 elsewhere, 0 included.
public func relu(_ x: Tensor) -> Tensor {
    Activation.relu.applied(to: x)
}

/// The leaky rectified linear unit: `x` where `x > 0`, else `slope · x`, elementwise
/// (Keras's default slope is 0.2).
///
/// ```swift
/// leakyRelu(Tensor([-1, 2]))                     // [-0.2, 2.0]
/// ```
///
/// Differentiable: the gradient is 1 where `x > 0`, `slope` elsewhere, 0 included.
public func leakyRelu(_ x: Tensor, slope: Float = 0.2) -> Tensor {
    Activation.leakyRelu(slope: slope).applied(to: x)
}

/// The softmax along the last axis: `e^x_i / sum_j e^x_j` for each row, computed with the
/// row's maximum subtracted so that any finite input (even of size 1e4) gives finite values.
///
/// ```swift
/// softmax(Tensor([[1, 1], [0, 100]]))            // [[0.5, 0.5], [0.0, 1.0]]
/// ```
///
/// Differentiable: `dx_i = y_i (g_i - sum_j g_j y_j)` for each row.
/// - Precondition: `x` has at least one axis.
public func softmax(_ x: Tensor) -> Tensor {
    Activation.softmax.applied(to: x)
}

/// The logarithm of the softmax along the last axis, `x_i - log(sum_j e^x_j)` for each row,
/// computed stably: finite for any finite input, where `log(softmax(x))` would give `-inf`.
///
/// ```swift
/// logSoftmax(Tensor([0, 0]))                     // [-0.6931472, -0.6931472]
/// ```
///
/// Differentiable: `dx_i = g_i - softmax_i · sum_j g_j` for each row.
/// - Precondition: `x` has at least one axis.
public func logSoftmax(_ x: Tensor) -> Tensor {
    Activation.logSoftmax.applied(to: x)
}
