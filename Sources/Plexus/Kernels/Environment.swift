#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and sets process environment variables without Foundation: the one place the
/// library calls `getenv`. An empty value counts as unset everywhere.
enum Environment {
    /// The variable's value; nil when it is unset or empty.
    static func value(of name: String) -> String? {
        guard let raw = getenv(name), raw.pointee != 0 else { return nil }
        return String(cString: raw)
    }

    static func set(_ name: String, to value: String) {
        setenv(name, value, 1)
    }

    /// The setting in the variable `name`, as `parse` reads it: nil when the variable is unset
    /// or empty, and also when `parse` rejects its value, which is then not ignored silently
    /// but named in a warning on standard error with the values `accepted`:
    ///
    ///     plexus: warning: PLEXUS_BACKEND=foo is not a backend (use native, openblas or accelerate); ignored
    ///
    /// Each setting is read once per process (in a `static let`), so each warns at most once.
    static func setting<Value>(_ name: String, accepted: String, _ parse: (String) -> Value?) -> Value? {
        guard let text = value(of: name) else { return nil }
        if let parsed = parse(text.trimmingSpaces) { return parsed }
        let shown = text.unicodeScalars.prefix(60).map {
            $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0)
        }
        warn("\(name)=\(shown.joined())\(text.unicodeScalars.count > 60 ? "…" : "") is not \(accepted); ignored")
        return nil
    }

    /// Writes `plexus: warning: <message>` on standard error; a failed write is ignored.
    static func warn(_ message: String) {
        Glue.writeToStandardError("plexus: warning: \(message)\n")
    }
}

extension String {
    /// The string without spaces or tabs at either end.
    fileprivate var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
