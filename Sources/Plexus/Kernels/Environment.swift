#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and sets process environment variables without Foundation.
enum Environment {
    static func value(of name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }

    static func set(_ name: String, to value: String) {
        setenv(name, value, 1)
    }
}
