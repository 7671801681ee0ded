/// One value of a layer's saved settings, as JSON holds it.
///
/// Whole numbers keep their exactness (a dropout seed is a 64-bit number that a `Double`
/// would round), so they have cases of their own.
public enum ConfigurationValue: Codable, Sendable, Equatable {
    /// A whole number that fits an `Int`.
    case integer(Int)
    /// A whole number above `Int.max`, such as a large seed.
    case largeInteger(UInt64)
    /// A number with a fraction (or too large to be whole).
    case number(Double)
    /// A string.
    case string(String)
    /// A truth value.
    case bool(Bool)
    /// A list of values.
    case array([ConfigurationValue])
    /// Named values, as a JSON object.
    case object([String: ConfigurationValue])
    /// JSON's `null`: no value.
    case null

    /// Reads any JSON value, keeping whole numbers exact.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: SettingKey.self) {
            var object: [String: ConfigurationValue] = [:]
            for key in container.allKeys { object[key.stringValue] = try container.decode(ConfigurationValue.self, forKey: key) }
            self = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var array: [ConfigurationValue] = []
            while !container.isAtEnd { array.append(try container.decode(ConfigurationValue.self)) }
            self = .array(array)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? single.decode(UInt64.self) {
            self = .largeInteger(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    /// Writes the value as JSON, object keys sorted so that a saved model's bytes are reproducible.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let object):
            var container = encoder.container(keyedBy: SettingKey.self)
            for key in object.keys.sorted() { try container.encode(object[key]!, forKey: SettingKey(key)) }
        case .array(let array):
            var container = encoder.unkeyedContainer()
            for value in array { try container.encode(value) }
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .largeInteger(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    /// A 32-bit float as a JSON number, through its shortest text, so that 0.3 is written
    /// `0.3` and not `0.30000001192092896`, and reads back as the same float.
    static func float(_ value: Float) -> ConfigurationValue {
        .number(Double(value.description) ?? Double(value))
    }

    /// A short description for messages.
    var shortDescription: String {
        switch self {
        case .integer(let value): return String(value)
        case .largeInteger(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return "\"\(ErrorText.cut(value, limit: 40))\""
        case .bool(let value): return String(value)
        case .array(let values): return ErrorText.cut("[" + values.map(\.shortDescription).joined(separator: ", ") + "]", limit: 60)
        case .object: return "an object"
        case .null: return "null"
        }
    }
}

/// A JSON key of any name.
struct SettingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
