/// The activation functions a layer can apply to its output, as the course chooses them:
/// ReLU in hidden layers; at the output, sigmoid for a binary label, linear for regression,
/// ReLU for a non-negative value, softmax for one of many classes.
///
/// ```swift
/// Dense(25, activation: .relu)
/// Dense(1, activation: .sigmoid)
/// ```
///
/// Each case knows its value and its derivative, so a layer can apply it and back-propagate
/// through it in the same fused step as its matrix product.
public enum Activation: Sendable, Hashable, CustomStringConvertible {
    /// g(z) = z: no activation.
    case linear
    /// g(z) = 1 / (1 + e^-z), between 0 and 1.
    case sigmoid
    /// g(z) = max(0, z).
    case relu
    /// g(z) = tanh(z), between -1 and 1.
    case tanh
    /// g(z) = z for z > 0, else slope * z (Keras's default slope is 0.2).
    case leakyRelu(slope: Float = 0.2)
    /// Along the last axis: e^z_i / sum_j e^z_j, computed with the maximum subtracted.
    case softmax
    /// Along the last axis: z_i - log(sum_j e^z_j), the stable logarithm of softmax.
    case logSoftmax

    /// The name Keras uses for it (`leaky_relu`, `log_softmax`).
    public var description: String {
        switch self {
        case .linear: return "linear"
        case .sigmoid: return "sigmoid"
        case .relu: return "relu"
        case .tanh: return "tanh"
        case .leakyRelu: return "leaky_relu"
        case .softmax: return "softmax"
        case .logSoftmax: return "log_softmax"
        }
    }

    /// The activation with a given name (as `description` spells it, or "leakyRelu",
    /// "logSoftmax"); nil for an unknown name.
    public init?(name: String) {
        switch name.lowercased() {
        case "linear", "none": self = .linear
        case "sigmoid": self = .sigmoid
        case "relu": self = .relu
        case "tanh": self = .tanh
        case "leaky_relu", "leakyrelu": self = .leakyRelu()
        case "softmax": self = .softmax
        case "log_softmax", "logsoftmax": self = .logSoftmax
        default: return nil
        }
    }

    /// Whether each output depends only on the input at the same position.
    var isElementwise: Bool { self != .softmax && self != .logSoftmax }

    /// The activation applied to `z`, without recording anything.
    func value(_ z: Tensor) -> Tensor {
        switch self {
        case .linear: return z
        case .sigmoid: return z.applying(CPUKernels.unary.sigmoid)
        case .tanh: return z.applying(CPUKernels.unary.tanh)
        case .relu: return z.mapElements { Swift.max($0, 0) }
        case .leakyRelu(let slope): return z.mapElements { $0 > 0 ? $0 : slope * $0 }
        case .softmax: return softmaxRows(z, logarithm: false)
        case .logSoftmax: return softmaxRows(z, logarithm: true)
        }
    }

    /// The gradient with respect to the input z, given the gradient `gradient` with respect to
    /// the output y = g(z). Every case works from y, except a leaky ReLU with a negative slope,
    /// which needs z (see ``gradientNeedsOnlyOutput``).
    func inputGradient(_ gradient: Tensor, input z: Tensor?, output y: Tensor) -> Tensor {
        switch self {
        case .linear:
            return gradient
        case .sigmoid:
            return Tensor.zipElements(gradient, y) { g, y in g * y * (1 - y) }
        case .tanh:
            return Tensor.zipElements(gradient, y) { g, y in g * (1 - y * y) }
        case .relu:
            // y > 0 exactly where z > 0.
            return Tensor.zipElements(gradient, y) { g, y in y > 0 ? g : 0 }
        case .leakyRelu(let slope):
            // With a slope of at least 0, y > 0 exactly where z > 0.
            let sign = gradientNeedsOnlyOutput ? y : z!
            return Tensor.zipElements(gradient, sign) { g, s in s > 0 ? g : slope * g }
        case .softmax:
            // dz_i = y_i (g_i - sum_j g_j y_j), row by row.
            return softmaxRowsGradient(gradient, output: y, logarithm: false)
        case .logSoftmax:
            // dz_i = g_i - softmax_i * sum_j g_j, with softmax = e^y.
            return softmaxRowsGradient(gradient, output: y, logarithm: true)
        }
    }
}
