/// An activation as a saved model writes it: its Keras name (`"relu"`), or for leaky ReLU an
/// object with its slope (`{"name": "leaky_relu", "slope": 0.2}`).
struct ActivationConfiguration: Codable, Equatable {
    var activation: Activation

    init(_ activation: Activation) { self.activation = activation }

    private enum Keys: String, CodingKey { case name, slope }

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            guard let activation = Activation(name: name) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown activation '\(name)'"))
            }
            self.activation = activation
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        let name = try container.decode(String.self, forKey: .name)
        let slope = try container.decodeIfPresent(Float.self, forKey: .slope)
        switch (Activation(name: name), slope) {
        case (.leakyRelu?, let slope?) where slope.isFinite: activation = .leakyRelu(slope: slope)
        case (let named?, nil): activation = named
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown activation '\(name)'"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        if case .leakyRelu(let slope) = activation {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(activation.description, forKey: .name)
            try container.encode(slope, forKey: .slope)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(activation.description)
        }
    }
}
