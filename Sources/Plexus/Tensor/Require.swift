/// Stops the program with `message` when `condition` is false, in every build configuration.
///
/// Plexus uses this instead of `precondition` for misuse such as shapes that do not fit,
/// because an optimised (`-O`) build drops a `precondition`'s message and leaves only an
/// "Illegal instruction"; this keeps "cannot broadcast shapes [2, 3] and [4]" in release builds.
/// The message is only built when the check fails.
@inline(__always)
func require(
    _ condition: Bool, _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition { fatalError(message(), file: file, line: line) }
}
