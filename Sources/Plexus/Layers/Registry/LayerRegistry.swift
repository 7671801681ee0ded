/// The layer types Plexus can save, load and read from a `--layers` text, by name.
///
/// The built-in types are registered from the start; a type of your own joins them with
/// ``register(_:)``, after which model files and layer lists that name it work like any
/// other. Model files name a layer's type (``RegisteredLayer/typeName``); layer lists start
/// an entry with one of its keywords (``RegisteredLayer/specificationKeywords``).
///
/// ```swift
/// LayerRegistry.register(Scale.self)
/// let model = try Sequential.load(from: "scaled.plexus")   // finds "Scale" layers
/// ```
public enum LayerRegistry {
    /// Adds a layer type. Registering the same type again does nothing.
    ///
    /// A different type with the same ``RegisteredLayer/typeName`` or a keyword already taken
    /// is a programming error and stops the program: two types cannot share one name in a file.
    public static func register(_ type: any RegisteredLayer.Type) {
        store.withLock { types in
            if types.contains(where: { $0 == type }) { return }
            require(
                !types.contains(where: { $0.typeName == type.typeName }),
                "LayerRegistry: the type name '\(type.typeName)' is already registered by another type")
            let taken = Set(types.flatMap { $0.specificationKeywords })
            require(
                taken.isDisjoint(with: type.specificationKeywords),
                "LayerRegistry: a keyword of \(type.typeName) (\(type.specificationKeywords)) is already taken")
            types.append(type)
        }
    }

    /// Every registered type, the built-in ones first, in registration order.
    public static var types: [any RegisteredLayer.Type] { store.withLock { $0 } }

    /// The type that model files call `typeName`, if registered.
    public static func type(named typeName: String) -> (any RegisteredLayer.Type)? {
        types.first { $0.typeName == typeName }
    }

    /// The type whose layer-list entries start with `keyword`, if any.
    public static func type(forKeyword keyword: String) -> (any RegisteredLayer.Type)? {
        types.first { $0.specificationKeywords.contains(keyword) }
    }

    /// "Dense, Conv2D, ... and Reshape": the registered type names, for messages.
    static var typeNameList: String {
        let names = types.map { $0.typeName }
        guard names.count > 1 else { return names.first ?? "none" }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }

    /// Registration may come from any thread.
    private static let store = Locked<[any RegisteredLayer.Type]>(BuiltInLayers.types)
}
