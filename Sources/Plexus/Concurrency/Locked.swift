#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value that several threads share, reachable only while its lock is held: the one lock
/// type of the library.
///
/// The pthread mutex lives in an allocation of its own, made once in `init`, because a mutex
/// must never move while in use and a stored `pthread_mutex_t` passed as `&mutex` may be
/// copied by the compiler. Swift's `Synchronization.Mutex` does the same job but needs macOS 15,
/// above the package's floor (macOS 13).
///
/// ```swift
/// let counter = Locked(0)
/// let ticket = counter.withLock { value in value += 1; return value }
/// ```
final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is read and written only inside `withLock`, while `mutex` is held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        let status = pthread_mutex_init(mutex, nil)
        require(status == 0, "pthread_mutex_init failed with status \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the lock held; keep `body` short and never call back into
    /// something that takes the same lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
