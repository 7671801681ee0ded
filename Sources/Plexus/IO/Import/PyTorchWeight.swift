/// How PyTorch names and lays out one of a layer's weights, next to Plexus's layout (which is
/// Keras's). Layers whose PyTorch weights differ conform to ``PyTorchWeightNaming`` in their
/// own file; any other weight is taken as it is, under its Plexus name.
enum PyTorchWeight: Equatable {
    /// The same shape and order, under PyTorch's name (`running_mean` for `moving_mean`).
    case same(String)
    /// A fully connected kernel: PyTorch's `weight` is `[out, in]`, Plexus's `[in, out]`.
    case linearWeight
    /// A convolution kernel: PyTorch's `weight` is `[out, in, kh, kw]`, Plexus's `[kh, kw, in, out]`.
    case convolutionWeight

    /// PyTorch's name for the weight, after the layer's.
    var name: String {
        switch self {
        case .same(let name): return name
        case .linearWeight, .convolutionWeight: return "weight"
        }
    }
}

/// A layer whose weights PyTorch names or lays out differently.
protocol PyTorchWeightNaming: Layer {
    /// PyTorch's form of the weight called `parameterName` in Plexus.
    func pytorchWeight(for parameterName: String) -> PyTorchWeight
}
