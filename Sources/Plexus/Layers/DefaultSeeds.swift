#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seeds for layers built outside a model: the first gets 0, the next 1, and so on, so a
/// program that creates its layers in the same order gets the same initial weights every run,
/// and no two layers start from the same random sequence.
enum DefaultSeeds {
    private static let counter = SeedCounter()

    static func next() -> UInt64 { counter.next() }
}

private final class SeedCounter: @unchecked Sendable {
    // @unchecked: `value` is only touched while `mutex` is held.
    private var mutex = pthread_mutex_t()
    private var value: UInt64 = 0

    init() { pthread_mutex_init(&mutex, nil) }

    func next() -> UInt64 {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        value += 1
        return value - 1
    }
}
