/// A layer that applies an activation function and has no parameters, like Keras's
/// `Activation("relu")`.
///
/// ```swift
/// ActivationLayer(.softmax)
/// ```
public final class ActivationLayer: Layer {
    /// The function applied.
    public let activation: Activation
    public var name: String
    public static let typeName = "Activation"
    public var outputActivation: Activation? { activation }
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer applying `activation`.
    public init(_ activation: Activation, name: String = "activation") {
        self.activation = activation
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        activation.applied(to: input)
    }
}

// MARK: Description

extension ActivationLayer: RegisteredLayer {
    public static let specificationKeywords = ["activation"]
    public static let specificationUsage = "an activation name alone (relu, softmax, ...) or activation:NAME"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("activation", activation)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(try settings.activation("activation"), name: name)
    }

    /// `activation:NAME`; a bare activation name arrives here with `activation` put before it.
    public static func parse(_ entry: SpecificationEntry) throws -> ActivationLayer {
        try entry.expectParts(2, usage: specificationUsage)
        return ActivationLayer(try entry.activation(entry.parts[1]))
    }
}

extension ActivationLayer: ONNXExportable {
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.activate(activation)
    }
}
