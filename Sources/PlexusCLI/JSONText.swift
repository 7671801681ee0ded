import Foundation

/// Pieces of the JSON the commands print with `--json`, written by hand so that the keys keep
/// the order they are listed in.
enum JSONText {
    /// `text` as a JSON string literal, escaped by Foundation's encoder.
    static func string(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    /// JSON has no NaN or infinity: those become null.
    static func number(_ value: Float) -> String { value.isFinite ? "\(value)" : "null" }

    /// An object of the fields in order; each value is JSON text already.
    static func object(_ fields: [(key: String, value: String)]) -> String {
        "{" + fields.map { "\(string($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }
}
