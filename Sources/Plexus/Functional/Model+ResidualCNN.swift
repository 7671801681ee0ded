extension Model {
    /// A small residual convolutional network for image classification, such as Fashion-MNIST.
    ///
    /// A stem (3x3 convolution with 32 filters, 'same' padding, batch normalization, ReLU), then
    /// two residual blocks, each convolution, batch normalization, ReLU, convolution, batch
    /// normalization, added to the block's input (``Add``) and passed through ReLU. Max pooling
    /// halves the image after each block; the second block doubles the channels to 64, so its
    /// skip goes through a 1x1 convolution (a projection) to match. Global average pooling and a
    /// ``Dense`` layer of `classes` units give the logits.
    ///
    /// With a 28x28x1 input and 10 classes it has 77,898 parameters.
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
        x = try MaxPooling2D(poolSize: (2, 2)).call(residualBlock(x, filters: 32, projectSkip: false))
        x = try MaxPooling2D(poolSize: (2, 2)).call(residualBlock(x, filters: 64, projectSkip: true))
        let logits = try Dense(classes).call(GlobalAveragePooling2D().call(x))
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
