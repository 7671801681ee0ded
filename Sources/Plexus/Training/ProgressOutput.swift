#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where training progress is written, and whether it is a terminal (where the progress bar
/// is redrawn in place) or a file or pipe (where each epoch gets one plain line, with no
/// control characters).
public final class ProgressOutput: Sendable {
    private let sink: @Sendable (String) -> Void
    /// Whether the progress bar may be redrawn in place.
    public let isTerminal: Bool

    /// An output that hands every piece of text to `write`.
    public init(isTerminal: Bool = false, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        self.sink = write
    }

    /// Writes text as given (no newline added).
    public func write(_ text: String) { sink(text) }

    /// Standard output, through the same buffer as `print`, flushed after each write.
    public static let standardOutput = ProgressOutput(isTerminal: isatty(1) == 1) { text in
        print(text, terminator: "")
        fflush(nil)
    }

    /// Standard error (for example when standard output carries JSON).
    public static let standardError = ProgressOutput(isTerminal: isatty(2) == 1) { text in
        Glue.writeToStandardError(text)
    }
}

/// How much `fit` reports, as Keras's `verbose`: 0, 1 or 2.
public enum Verbosity: Int, Sendable, ExpressibleByIntegerLiteral {
    /// Nothing.
    case silent = 0
    /// A progress bar redrawn in place on a terminal; one line per epoch elsewhere.
    case progressBar = 1
    /// One line per epoch.
    case epochLines = 2

    /// Keras's `verbose` numbers: 0 silent, 1 a progress bar, 2 a line per epoch (a number
    /// outside 0...2 is taken as the nearest).
    public init(integerLiteral value: Int) {
        self = Verbosity(rawValue: Swift.min(Swift.max(value, 0), 2))!
    }
}
