/// How Keras spells names: configuration keys in snake_case, and the HDF5 group of a layer's
/// weights after its class name.
enum KerasNames {
    /// `kernel_size` → `kernelSize`: a Keras configuration key as a Plexus setting key.
    static func settingKey(_ kerasKey: String) -> String {
        var result = "", upperNext = false
        for character in kerasKey {
            if character == "_" {
                upperNext = true
            } else {
                result += upperNext ? character.uppercased() : String(character)
                upperNext = false
            }
        }
        return result
    }

    /// `kernelSize` → `kernel_size`: a Plexus setting key as Keras spells it.
    static func kerasKey(_ settingKey: String) -> String { LayerSettingsError.fileSpelling(of: settingKey) }

    /// `MaxPooling2D` → `max_pooling2d`, `SparseCategoricalCrossentropy` →
    /// `sparse_categorical_crossentropy`: Keras's `naming.to_snake_case`, which names the
    /// weight groups of a model's layers (a capital starts a word when lower-case letters
    /// follow it, or when it follows a lower-case letter).
    static func snakeCase(_ className: String) -> String {
        let characters = Array(className.filter { $0.isLetter || $0.isNumber || $0 == "_" })
        var result = ""
        for (index, character) in characters.enumerated() {
            if index > 0, character.isUppercase {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || (next?.isLowercase ?? false) { result += "_" }
            }
            result += character.lowercased()
        }
        return result
    }

    /// The HDF5 groups that hold the weights of layers of these classes, in order, as Keras
    /// names them: `layers/dense`, `layers/dense_1`, ... counted per class name.
    static func weightGroups(forClassNames classNames: [String]) -> [String] {
        var used: [String: Int] = [:]
        return classNames.map { className in
            let base = snakeCase(className)
            let seen = used[base]
            used[base] = (seen ?? -1) + 1
            return "layers/" + (seen.map { "\(base)_\($0 + 1)" } ?? base)
        }
    }
}
