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
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    public static func buildBlock(_ groups: [any Layer]...) -> [any Layer] { groups.flatMap { $0 } }
    public static func buildOptional(_ group: [any Layer]?) -> [any Layer] { group ?? [] }
    public static func buildEither(first group: [any Layer]) -> [any Layer] { group }
    public static func buildEither(second group: [any Layer]) -> [any Layer] { group }
    public static func buildArray(_ groups: [[any Layer]]) -> [any Layer] { groups.flatMap { $0 } }
}
