import Plexus

import Foundation

/// Pieces of the JSON the explanations give for scripts, written by hand so that the keys keep
/// the order they are printed in; numbers that are not finite (JSON has none) become null.
enum ExplainJSON {
    static func string(_ text: String) -> String {
        (try? JSONEncoder().encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }
    static func number(_ value: Float) -> String { value.isFinite ? "\(value)" : "null" }
    static func numbers(_ values: [Float]) -> String { "[" + values.map { number($0) }.joined(separator: ", ") + "]" }
    static func numbers(_ values: [Double]) -> String { "[" + values.map { number($0) }.joined(separator: ", ") + "]" }

    /// An object of the fields in order; each value is JSON text already.
    static func object(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { "\(string($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}
