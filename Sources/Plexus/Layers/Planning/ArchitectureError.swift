/// A model whose layers do not fit together or do not fit its input: a convolution given flat
/// rows, a window larger than the image, a layer too large for the size limits. Found by
/// ``ArchitecturePlan`` before any weight is allocated, and named precisely:
///
/// ```swift
/// do { _ = try ArchitecturePlan(layers: [Conv2D(8, 9)], inputShape: [8, 8, 1]) } catch { print(error) }
/// // layer 1, Conv2D 'conv2d' on input [8, 8, 1]: kernel 9x9 is larger than the input 8x8 (padding valid)
/// ```
public struct ArchitectureError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The kind of problem, for code that reacts to it.
    public enum Kind: Sendable, Equatable {
        /// A layer cannot take the shape it is given.
        case shapeMismatch
        /// A layer's setting is out of range (a non-positive size, say).
        case invalidSetting
        /// The model or one batch of it would be larger than ``SizeLimits`` allow.
        case tooLarge
    }

    /// The kind of problem.
    public let kind: Kind
    /// The full message: the layer, the shapes involved and what is wrong.
    public let description: String

    /// An architecture error; `description` should name the layer and the shapes.
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
