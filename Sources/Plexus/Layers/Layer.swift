/// A building block of a model: it maps an input tensor to an output tensor and may own
/// trainable parameters.
///
/// Shapes passed to ``build(inputShape:generator:)`` and ``outputShape(forInputShape:)`` leave
/// out the batch axis, as Keras's `input_shape` does: a Dense layer on 400-wide rows has the
/// input shape `[400]`. A layer builds its parameters at its first call, from the shape it
/// sees, unless built earlier.
///
/// ```swift
/// let layer = Dense(3, activation: .relu)
/// let y = layer(Tensor([[1, 2], [3, 4]]))   // builds a 2x3 kernel, returns shape [2, 3]
/// ```
public protocol Layer: AnyObject {
    /// The layer's name within its model, such as "dense_1".
    var name: String { get set }
    /// The kind of layer, as Keras names its class ("Dense").
    var typeName: String { get }
    /// The layer's parameters, in a fixed order; empty before the layer is built.
    var parameters: [Parameter] { get }
    /// Whether the parameters exist.
    var isBuilt: Bool { get }
    /// Creates the parameters for inputs of this shape (batch axis left out), drawing initial
    /// values from `generator`. Building again with the same shape does nothing.
    func build(inputShape: [Int], generator: inout RandomGenerator)
    /// The output shape for inputs of this shape (batch axis left out).
    ///
    /// - Throws: ``ArchitectureError`` when the layer cannot take such inputs (a convolution
    ///   given flat rows, a window larger than the image); nothing is allocated first.
    func outputShape(forInputShape inputShape: [Int]) throws -> [Int]
    /// The names and shapes of the parameters the layer creates for inputs of this shape, in
    /// order, without creating them (none by default), so that ``ArchitecturePlan`` can hold
    /// a model against ``SizeLimits`` before any weight exists.
    func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape]
    /// The output for a batch of inputs. `training` is true inside `fit` (Dropout is active
    /// only then).
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// The activation the layer ends with, if it has one (Dense, Conv2D, Activation): whether
    /// a model ending in it outputs logits, probabilities or plain values. Nil by default.
    var outputActivation: Activation? { get }
    /// Whether the layer takes images (`[height, width, channels]` samples), as convolutions
    /// and 2-D pools do; false by default. The command gives such models image-shaped samples.
    var expectsImages: Bool { get }
    /// The penalty the layer adds to the training loss (its weight regularizers), recorded
    /// for gradients while they are; nil (the default) for none.
    func regularizationPenalty() -> Tensor?
    /// Whether the layer reads its inputs as whole-number indices (Embedding), not as
    /// measurements; false by default. Such inputs must reach it unscaled: the command leaves
    /// them so, and `fit` refuses a model that scales them (``Model/inputNormalization``).
    var takesIndices: Bool { get }
    /// Checks that a batch of samples, as the model receives them, is valid input for this layer
    /// beyond its shape (an Embedding checks that each value is an index of its table). Does
    /// nothing by default.
    ///
    /// `fit`, `evaluate`, `predict` and `trainOnBatch` call it on the model's first layer before
    /// any work, so that bad data is a thrown error rather than a stop inside ``forward(_:training:)``.
    ///
    /// - Throws: ``TrainingError`` naming the value, its position and what was expected.
    func checkInput(_ samples: Tensor) throws
}

extension Layer {
    /// No parameters: the default for layers that have none.
    public func parameterShapes(forInputShape inputShape: [Int]) throws -> [ParameterShape] { [] }
    public var outputActivation: Activation? { nil }
    public var expectsImages: Bool { false }
    public func regularizationPenalty() -> Tensor? { nil }
    public var takesIndices: Bool { false }
    public func checkInput(_ samples: Tensor) throws {}

    /// The output for a batch of inputs; the layer builds itself at its first call.
    ///
    /// Inside ``valueWithGradient(for:of:)`` the computation is recorded, so this is all a
    /// custom training loop needs.
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        if !isBuilt {
            require(input.rank >= 1, "\(typeName) '\(name)' got a scalar input; it needs a batch axis")
            var generator = RandomGenerator(seed: DefaultSeeds.next())
            build(inputShape: Array(input.shape.dropFirst()), generator: &generator)
        }
        return withSubnormalsFlushed { forward(input, training: training) }
    }

    /// The number of scalars in all parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
