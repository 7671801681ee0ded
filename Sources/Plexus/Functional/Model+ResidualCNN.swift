extension Model {
    /// A small residual convolutional network for image classification, such as Fashion-MNIST.
    ///
    /// A stem (3x3 convolution with 32 filters, 'same' padding, batch normalization, ReLU) and
    /// max pooling, then two residual blocks, each convolution, batch normalization, ReLU,
    /// convolution, batch normalization, added to the block's input (``Add``) and passed
    /// through ReLU, with max pooling between them. The second block doubles the channels to
    /// 64, so its skip goes through a 1x1 convolution (a projection) to match. A ``Flatten``,
    /// a ``Dense`` layer of 128 ReLU units and one of `classes` units give the logits.
    ///
    /// Pooling before the blocks keeps their convolutions on 14x14 and 7x7 images of a 28x28
    /// input, so a step costs about 2.5 times the plain CNN preset's; the dense head keeps
    /// where in the image each feature was, which global average pooling would lose. Measured
    /// on Fashion-MNIST, 3 epochs, in the README.
    ///
    /// With a 28x28x1 input and 10 classes it has 480,074 parameters.
    ///
    /// ```swift
    /// let model = try Model.residualCNN(inputShape: [28, 28, 1], classes: 10)
    /// ```
    ///
    /// - Parameters:
    ///   - inputShape: one sample's shape, height x width x channels.
    ///   - classes: how many logits the model gives.
    ///   - seed: fixes the initial weights (see ``Model/init(inputs:outputs:name:seed:)``).
    /// - Throws: ``ArchitectureError`` when `inputShape` is not an image of at least 4x4 pixels
    ///   (pooling twice would leave nothing) or `classes` is not positive.
    public static func residualCNN(inputShape: [Int], classes: Int, seed: UInt64? = nil) throws -> Model {
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
            throw ArchitectureError(
                .shapeMismatch, "the residual CNN takes images of height x width x channels, got samples of shape \(inputShape)")
        }
        guard classes > 0 else { throw ArchitectureError(.shapeMismatch, "the residual CNN needs at least one class, got \(classes)") }
        let input = Input(shape: inputShape)
        var x = try ActivationLayer(.relu).call(
            BatchNormalization(momentum: 0.9).call(Conv2D(filters: 32, kernelSize: (3, 3), padding: .same).call(input)))
        x = try MaxPooling2D(poolSize: (2, 2)).call(x)
        x = try MaxPooling2D(poolSize: (2, 2)).call(residualBlock(x, filters: 32, projectSkip: false))
        x = try residualBlock(x, filters: 64, projectSkip: true)
        let hidden = try Dense(128, activation: .relu).call(Flatten().call(x))
        let logits = try Dense(classes).call(hidden)
        return Model(graph: try FunctionalGraph(inputs: [input], outputs: [logits]), name: "resnet", seed: seed)
    }

    /// conv-BN-ReLU-conv-BN plus the skip, then ReLU; a 1x1 projection on the skip when the
    /// channels change.
    private static func residualBlock(_ input: SymbolicTensor, filters: Int, projectSkip: Bool) throws -> SymbolicTensor {
        var x = try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same).call(input)
        x = try ActivationLayer(.relu).call(BatchNormalization(momentum: 0.9).call(x))
        x = try BatchNormalization(momentum: 0.9).call(Conv2D(filters: filters, kernelSize: (3, 3), padding: .same).call(x))
        let skip = projectSkip ? try Conv2D(filters: filters, kernelSize: (1, 1)).call(input) : input
        return try ActivationLayer(.relu).call(Add().call([x, skip]))
    }
}
