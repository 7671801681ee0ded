/// Multiplies every input by `scale` and adds `offset`, as Keras's `Rescaling`: the usual first
/// layer of an image model that takes raw pixels (`scale` 1/255 maps 0...255 to 0...1).
///
/// ```swift
/// Rescaling(scale: 1 / 255)                 // pixels to [0, 1]
/// Rescaling(scale: 1 / 127.5, offset: -1)   // pixels to [-1, 1]
/// ```
///
/// `output = input * scale + offset` (two float32 roundings, as Keras computes it); the
/// gradient is `gradient * scale`. No weights.
public final class Rescaling: Layer {
    /// The factor each input is multiplied by.
    public let scale: Float
    /// The value added after the multiplication.
    public let offset: Float
    public var name: String
    public static let typeName = "Rescaling"
    public var parameters: [Parameter] { [] }
    public var isBuilt: Bool { true }

    /// A layer computing `input * scale + offset`.
    public init(scale: Float, offset: Float = 0, name: String = "rescaling") {
        require(scale.isFinite && offset.isFinite, "Rescaling needs a finite scale and offset, got \(scale) and \(offset)")
        self.scale = scale
        self.offset = offset
        self.name = name
    }

    public func build(inputShape: [Int], generator: inout RandomGenerator) {}

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] { inputShape }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let scaled = input * scale
        return offset == 0 ? scaled : scaled + offset
    }
}

// MARK: Description

extension Rescaling: RegisteredLayer {
    public static let specificationKeywords = ["rescale", "rescaling"]
    public static let specificationUsage = "rescale:SCALE or rescale:SCALE:OFFSET (SCALE a number or a fraction such as 1/255)"

    public var settings: LayerSettings {
        var settings = LayerSettings()
        settings.set("scale", scale)
        settings.set("offset", offset)
        return settings
    }

    public convenience init(settings: LayerSettings, name: String) throws {
        self.init(scale: try settings.float("scale"), offset: try settings.float("offset", default: 0), name: name)
    }

    /// `rescale:SCALE[:OFFSET]`; SCALE and OFFSET are decimals or fractions `A/B`.
    public static func parse(_ entry: SpecificationEntry) throws -> Rescaling {
        try entry.expectParts(2, 3, usage: specificationUsage)
        let scale = try number(entry, at: 1, "the scale")
        let offset = entry.parts.count == 3 ? try number(entry, at: 2, "the offset") : 0
        return Rescaling(scale: scale, offset: offset)
    }

    /// A decimal, or a fraction `A/B` of two decimals divided in double precision (so that
    /// `1/255` is the float32 nearest 1/255, as Python's `1 / 255` gives Keras).
    static func number(_ entry: SpecificationEntry, at index: Int, _ what: String) throws -> Float {
        let text = entry.parts[index]
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        let expected = "a finite number or a fraction such as 1/255"
        guard pieces.count == 2 else { return try entry.number(text, what, expected: expected) }
        guard let numerator = Double(pieces[0]), let denominator = Double(pieces[1]), denominator != 0,
            case let value = Float(numerator / denominator), value.isFinite
        else {
            throw entry.failure("\(what) must be \(expected), got '\(ErrorText.cut(text, limit: 40))'")
        }
        return value
    }
}

extension Rescaling: ONNXExportable {
    /// `Mul` by the scale and `Add` of the offset (left out when zero): elementwise, so in
    /// whichever axis order the data is.
    func exportONNX(to export: inout ONNXLayerExport) throws {
        export.apply("Mul", [export.graph.constant("\(name).scale", Tensor(shape: [1], scalars: [scale]))])
        if offset != 0 {
            export.apply("Add", [export.graph.constant("\(name).offset", Tensor(shape: [1], scalars: [offset]))])
        }
    }
}
