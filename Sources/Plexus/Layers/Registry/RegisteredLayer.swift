/// A layer type that describes itself: how a model file keeps it, how it is built again, and
/// how the `--layers` text writes it. Register the type with ``LayerRegistry/register(_:)``
/// and models holding it save, load and parse like models of built-in layers.
///
/// ```swift
/// final class Scale: RegisteredLayer {
///     static let typeName = "Scale"
///     static let specificationKeywords = ["scale"]
///     static let specificationUsage = "scale:FACTOR"
///     let factor: Float
///     var name: String
///     var parameters: [Parameter] { [] }
///     var isBuilt: Bool { true }
///     init(factor: Float, name: String = "scale") { self.factor = factor; self.name = name }
///
///     var settings: LayerSettings { var s = LayerSettings(); s.set("factor", factor); return s }
///     convenience init(settings: LayerSettings, name: String) throws {
///         self.init(factor: try settings.float("factor"), name: name)
///     }
///     static func parse(_ entry: SpecificationEntry) throws -> Scale {
///         try entry.expectParts(2)
///         return Scale(factor: try entry.float(at: 1, "the factor"))
///     }
///     func build(inputShape: [Int], generator: inout RandomGenerator) {}
///     func outputShape(forInputShape inputShape: [Int]) -> [Int] { inputShape }
///     func forward(_ input: Tensor, training: Bool) -> Tensor { input * factor }
/// }
/// LayerRegistry.register(Scale.self)
/// ```
public protocol RegisteredLayer: Layer {
    /// The type's name in model files, as Keras names the class ("Dense"); unique.
    static var typeName: String { get }
    /// The words that start this type's entries in a `--layers` text ("conv", "conv2d"); none
    /// (the default) keeps the type out of that text.
    static var specificationKeywords: [String] { get }
    /// How an entry is written, for help and messages ("conv:F:K[:activation][:same][:sS]").
    static var specificationUsage: String { get }
    /// The layer's settings, enough with its type and name to build it again.
    var settings: LayerSettings { get }
    /// The layer that `settings` describe.
    ///
    /// - Throws: ``LayerSettingsError`` for a setting that is missing or out of range (the
    ///   settings come from a file: check them all, never stop on one).
    init(settings: LayerSettings, name: String) throws
    /// The layer a `--layers` entry describes; the entry's first part is one of
    /// ``specificationKeywords``.
    ///
    /// - Throws: ``TrainingError`` (kind `.invalidArgument`) through the entry's helpers.
    static func parse(_ entry: SpecificationEntry) throws -> Self
}

extension RegisteredLayer {
    public var typeName: String { Self.typeName }
    public static var specificationKeywords: [String] { [] }
    public static var specificationUsage: String { "" }

    public static func parse(_ entry: SpecificationEntry) throws -> Self {
        throw entry.failure("\(typeName) layers cannot be written in a layer list")
    }

    /// ``parse(_:)`` for a type known only at run time (through ``LayerRegistry``).
    static func parsedLayer(_ entry: SpecificationEntry) throws -> any Layer {
        let layer: Self = try parse(entry)
        return layer
    }

    /// ``init(settings:name:)`` for a type known only at run time (through ``LayerRegistry``).
    static func rebuiltLayer(settings: LayerSettings, name: String) throws -> any Layer {
        let layer: Self = try Self(settings: settings, name: name)
        return layer
    }
}
