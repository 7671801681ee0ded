import Plexus

/// The training workloads that `../shared/peers/torch_bench.py` and `keras_bench.py` run, defined
/// as they define them, so that `plexus bench lab|mlp|cnn` and the peers time the same work.
///
/// All three train on the first ``trainingSamples`` images of Fashion-MNIST with pixels divided
/// by 255, Glorot-uniform weights and zero biases (Keras's defaults), Adam (learning rate 1e-3,
/// epsilon 1e-7) on sparse categorical cross-entropy from logits, a new shuffle every epoch, and
/// the last, partial batch kept.
public enum PeerWorkload: String, CaseIterable, Sendable {
    /// W1: 5,000 samples, 784-25-15-10 with ReLU, batch 32, 40 epochs. Bounded by overhead.
    case lab
    /// W2: 60,000 samples, 784-512-512-10 with ReLU, batch 128, 3 epochs. Bounded by GEMM.
    case mlp
    /// W3: 60,000 samples, conv 32 (3x3) ReLU, max-pool 2, conv 64 (3x3) ReLU, max-pool 2,
    /// dense 128 ReLU, dense 10, batch 128, 1 epoch.
    case cnn

    /// Training samples (the first of the 60,000).
    public var trainingSamples: Int { self == .lab ? 5_000 : 60_000 }

    /// Samples per step.
    public var batchSize: Int { self == .lab ? 32 : 128 }

    /// Passes over the training samples.
    public var epochs: Int {
        switch self {
        case .lab: return 40
        case .mlp: return 3
        case .cnn: return 1
        }
    }

    /// Whether the model takes 28x28x1 images rather than rows of 784 pixels.
    public var takesImages: Bool { self == .cnn }

    /// The model, as `--layers` writes it.
    public var layerList: String {
        switch self {
        case .lab: return "25:relu,15:relu,10"
        case .mlp: return "512:relu,512:relu,10"
        case .cnn: return "conv:32:3:relu,maxpool:2,conv:64:3:relu,maxpool:2,flatten,dense:128:relu,dense:10"
        }
    }

    /// One sample's shape.
    public var sampleShape: [Int] { takesImages ? [28, 28, 1] : [784] }

    /// A new model of this workload, compiled as the peers compile theirs.
    public func makeModel(seed: UInt64) throws -> Sequential {
        let model = Sequential(try LayerSpecification.parse(layerList), inputShape: sampleShape, seed: seed)
        model.compile(
            loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 1e-3, epsilon: 1e-7),
            metrics: [.accuracy])
        return model
    }

    /// The multiply-adds of one sample's forward pass through each layer with weights, in order.
    ///
    /// A dense layer of `n` inputs and `m` outputs does `n·m`; a 3x3 convolution of `c` channels
    /// into `f` filters over an `h`x`w` output does `h·w·f·9c`.
    public var forwardMultiplyAdds: [Int] {
        switch self {
        case .lab: return [784 * 25, 25 * 15, 15 * 10]
        case .mlp: return [784 * 512, 512 * 512, 512 * 10]
        case .cnn: return [26 * 26 * 32 * 9 * 1, 11 * 11 * 64 * 9 * 32, 1_600 * 128, 128 * 10]
        }
    }

    /// The floating-point operations of training on one sample: the forward products, and in the
    /// backward pass the weight gradients and the input gradients of every layer but the first
    /// (nothing needs the gradient of the data). Two operations a multiply-add.
    public var trainingFLOPPerSample: Double {
        let products = forwardMultiplyAdds
        let backward = products.reduce(0, +) * 2 - products[0]
        return 2 * Double(products.reduce(0, +) + backward)
    }

    /// The floating-point operations of the whole run: ``trainingFLOPPerSample`` for every sample of every epoch.
    public var trainingFLOP: Double { trainingFLOPPerSample * Double(trainingSamples * epochs) }
}
