/// Builds the list of layers of a ``Sequential`` model from a closure, one layer a line,
/// with `if`, `if`/`else` and `for` as in any Swift result builder.
///
/// ```swift
/// Sequential {
///     for width in [64, 32] { Dense(width, activation: .relu) }
///     Dense(10)
/// }
/// ```
@resultBuilder
public enum LayerBuilder {
    /// One layer, as a list of one.
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    /// A list of layers made elsewhere, spliced in.
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    /// The lines of the closure, in order.
    public static func buildBlock(_ groups: [any Layer]...) -> [any Layer] { groups.flatMap { $0 } }
    /// The layers of an `if` without `else`; none when the condition is false.
    public static func buildOptional(_ group: [any Layer]?) -> [any Layer] { group ?? [] }
    /// The layers of an `if` branch.
    public static func buildEither(first group: [any Layer]) -> [any Layer] { group }
    /// The layers of an `else` branch.
    public static func buildEither(second group: [any Layer]) -> [any Layer] { group }
    /// The layers of every pass of a `for` loop, in order.
    public static func buildArray(_ groups: [[any Layer]]) -> [any Layer] { groups.flatMap { $0 } }
}
