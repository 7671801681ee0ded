/// A layer's settings as its model file keeps them: named values, enough to build the layer
/// again (the layer's type and name are kept beside them).
///
/// Keys are camelCase in Swift (`"kernelSize"`) and snake_case in the file (`"kernel_size"`),
/// as Keras writes its configurations. Reading is checked: a file is never trusted, so every
/// accessor throws ``LayerSettingsError`` naming the key when a value is missing, of the wrong
/// kind or out of range, instead of letting a layer's initializer stop the program.
///
/// ```swift
/// var settings = LayerSettings()
/// settings.set("units", 32)
/// settings.set("activation", Activation.relu)
/// let units = try settings.positiveInt("units")          // 32
/// let useBias = try settings.bool("useBias", default: true)
/// ```
public struct LayerSettings: Sendable, Equatable {
    /// The values by key.
    public private(set) var values: [String: ConfigurationValue]

    /// Settings holding `values`.
    public init(_ values: [String: ConfigurationValue] = [:]) {
        self.values = values
    }

    // MARK: Writing

    /// Sets `key` to `value`; nil removes it.
    public mutating func set(_ key: String, _ value: ConfigurationValue?) { values[key] = value }
    /// Sets `key` to a whole number.
    public mutating func set(_ key: String, _ value: Int) { values[key] = .integer(value) }
    /// Sets `key` to a number, written as its shortest text.
    public mutating func set(_ key: String, _ value: Float) { values[key] = .float(value) }
    /// Sets `key` to a flag.
    public mutating func set(_ key: String, _ value: Bool) { values[key] = .bool(value) }
    /// Sets `key` to a text.
    public mutating func set(_ key: String, _ value: String) { values[key] = .string(value) }
    /// Sets `key` to a list of whole numbers.
    public mutating func set(_ key: String, _ value: [Int]) { values[key] = .array(value.map(ConfigurationValue.integer)) }
    /// Sets `key` to a pair of whole numbers, such as a window's height and width.
    public mutating func set(_ key: String, _ value: (Int, Int)) { set(key, [value.0, value.1]) }
    /// Sets `key` to an activation: its Keras name, or for leaky ReLU its name and slope.
    public mutating func set(_ key: String, _ value: Activation) {
        if case .leakyRelu(let slope) = value {
            values[key] = .object(["name": .string(value.description), "slope": .float(slope)])
        } else {
            values[key] = .string(value.description)
        }
    }

    // MARK: Reading

    /// Whether `key` has a value.
    public func contains(_ key: String) -> Bool { values[key] != nil && values[key] != .null }

    /// A whole number, or nil when absent.
    public func int(_ key: String) throws -> Int? {
        switch values[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        case .number(let value)? where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case let other?: throw LayerSettingsError(key, "must be a whole number, got \(other.shortDescription)")
        }
    }

    /// A whole number greater than zero; `fallback` when absent, an error when absent without one.
    public func positiveInt(_ key: String, default fallback: Int? = nil) throws -> Int {
        guard let value = try int(key) ?? fallback else { throw LayerSettingsError(key, "is missing") }
        guard value > 0 else { throw LayerSettingsError(key, "must be a positive whole number, got \(value)") }
        return value
    }

    /// A 64-bit unsigned whole number (a seed), or nil when absent.
    public func uint64(_ key: String) throws -> UInt64? {
        switch values[key] {
        case nil, .null?: return nil
        case .integer(let value)? where value >= 0: return UInt64(value)
        case .largeInteger(let value)?: return value
        case let other?: throw LayerSettingsError(key, "must be a whole number from 0 to 2^64-1, got \(other.shortDescription)")
        }
    }

    /// A finite number; `fallback` when absent, an error when absent without one. `isValid`
    /// says which values the layer accepts, `expected` how to say so.
    public func float(
        _ key: String, default fallback: Float? = nil, expected: String = "a finite number",
        where isValid: (Float) -> Bool = { _ in true }
    ) throws -> Float {
        let value: Float
        switch values[key] {
        case nil, .null?:
            guard let fallback else { throw LayerSettingsError(key, "is missing") }
            return fallback
        case .integer(let whole)?: value = Float(whole)
        case .number(let number)?: value = Float(number)
        case let other?: throw LayerSettingsError(key, "must be \(expected), got \(other.shortDescription)")
        }
        guard value.isFinite, isValid(value) else { throw LayerSettingsError(key, "must be \(expected), got \(value)") }
        return value
    }

    /// A flag; `fallback` when absent.
    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        switch values[key] {
        case nil, .null?: return fallback
        case .bool(let value)?: return value
        case let other?: throw LayerSettingsError(key, "must be true or false, got \(other.shortDescription)")
        }
    }

    /// A text, or nil when absent.
    public func string(_ key: String) throws -> String? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw LayerSettingsError(key, "must be a text, got \(other.shortDescription)")
        }
    }

    /// A list of whole numbers, or nil when absent.
    public func ints(_ key: String) throws -> [Int]? {
        switch values[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard case .integer(let value) = item else {
                    throw LayerSettingsError(
                        key, "must be a list of whole numbers, got \(ConfigurationValue.array(items).shortDescription)")
                }
                return value
            }
        case let other?: throw LayerSettingsError(key, "must be a list of whole numbers, got \(other.shortDescription)")
        }
    }

    /// Two positive whole numbers (a window or strides); `fallback` when absent.
    public func positivePair(_ key: String, default fallback: (Int, Int)? = nil) throws -> (Int, Int) {
        guard let values = try ints(key) else {
            guard let fallback else { throw LayerSettingsError(key, "is missing") }
            return fallback
        }
        guard values.count == 2, values.allSatisfy({ $0 > 0 }) else {
            throw LayerSettingsError(key, "must be two positive whole numbers, got \(ErrorText.cut("\(values)", limit: 60))")
        }
        return (values[0], values[1])
    }

    /// One of a fixed set of named values (such as ``Padding``); `fallback` when absent.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default fallback: Choice? = nil) throws -> Choice
    where Choice.RawValue == String {
        guard let text = try string(key) else {
            guard let fallback else { throw LayerSettingsError(key, "is missing") }
            return fallback
        }
        guard let value = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue).joined(separator: " or ")
            throw LayerSettingsError(key, "must be \(names), got \"\(ErrorText.cut(text, limit: 40))\"")
        }
        return value
    }

    /// An activation written by ``set(_:_:)-(_,Activation)``; `fallback` when absent.
    public func activation(_ key: String, default fallback: Activation? = nil) throws -> Activation {
        switch values[key] {
        case nil, .null?:
            guard let fallback else { throw LayerSettingsError(key, "is missing") }
            return fallback
        case .string(let name)?:
            guard let activation = Activation(name: name) else {
                throw LayerSettingsError(
                    key,
                    "names an unknown activation '\(ErrorText.cut(name, limit: 40))' (Plexus knows linear, relu, sigmoid, tanh, leaky_relu, softmax and log_softmax)"
                )
            }
            return activation
        case .object(let object)?:
            guard case .string(let name)? = object["name"], let named = Activation(name: name) else {
                throw LayerSettingsError(key, "must be an activation name, or leaky_relu with its slope")
            }
            guard case .leakyRelu = named else { return named }
            return .leakyRelu(slope: try LayerSettings(object).float("slope", default: 0.2))
        case let other?:
            throw LayerSettingsError(key, "must be an activation name, got \(other.shortDescription)")
        }
    }
}

/// A saved layer setting that is missing, of the wrong kind or out of range.
public struct LayerSettingsError: Error, CustomStringConvertible {
    /// The setting's key, as the file spells it.
    public let key: String
    /// What is wrong with it.
    public let problem: String

    /// An error about the setting `key`.
    public init(_ key: String, _ problem: String) {
        self.key = key
        self.problem = problem
    }

    /// The setting as a model file spells it, then the problem.
    public var description: String { "\(LayerSettingsError.fileSpelling(of: key)) \(problem)" }

    /// `kernelSize` as the file spells it: `kernel_size`.
    static func fileSpelling(of key: String) -> String {
        var spelled = ""
        for character in key {
            if character.isUppercase {
                spelled += "_" + character.lowercased()
            } else {
                spelled.append(character)
            }
        }
        return spelled
    }
}
