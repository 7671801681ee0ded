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
    /// - Parameters:
    ///   - inputShape: one sample's shape, height x width x channels.
    ///   - classes: how many logits the model gives.
    ///   - seed: fixes the initial weights (see ``Model/init(inputs:outputs:name:seed:)``).
    public static func residualCNN(inputShape: [Int], classes: Int, seed: UInt64? = nil) -> Model {
        let input = Input(shape: inputShape)
        var x = ActivationLayer(.relu)(BatchNormalization(momentum: 0.9)(Conv2D(filters: 32, kernelSize: (3, 3), padding: .same)(input)))
        x = MaxPooling2D(poolSize: (2, 2))(residualBlock(x, filters: 32, projectSkip: false))
        x = MaxPooling2D(poolSize: (2, 2))(residualBlock(x, filters: 64, projectSkip: true))
        let logits = Dense(classes)(GlobalAveragePooling2D()(x))
        return Model(inputs: [input], outputs: [logits], name: "resnet", seed: seed)
    }

    /// conv-BN-ReLU-conv-BN plus the skip, then ReLU; a 1x1 projection on the skip when the
    /// channels change.
    private static func residualBlock(_ input: SymbolicTensor, filters: Int, projectSkip: Bool) -> SymbolicTensor {
        var x = Conv2D(filters: filters, kernelSize: (3, 3), padding: .same)(input)
        x = ActivationLayer(.relu)(BatchNormalization(momentum: 0.9)(x))
        x = BatchNormalization(momentum: 0.9)(Conv2D(filters: filters, kernelSize: (3, 3), padding: .same)(x))
        let skip = projectSkip ? Conv2D(filters: filters, kernelSize: (1, 1))(input) : input
        return ActivationLayer(.relu)(Add()([x, skip]))
    }
}
