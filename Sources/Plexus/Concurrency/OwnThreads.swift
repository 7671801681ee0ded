#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The two pieces the library's own threads (``BackgroundThread``, ``WorkerPool``) are made of:
// starting a pthread that runs a closure, and a mutex with its condition variable.

/// Starts a thread that runs `body`, with a stack of `stackBytes` (the defaults, 8 MiB on Linux,
/// would count against an address-space limit for nothing), detached or to be joined.
///
/// - Returns: the thread, or nil when the system would not make one (the caller then does the
///   work itself).
func startOwnThread(stackBytes: Int, detached: Bool, _ body: @escaping @Sendable () -> Void) -> pthread_t? {
    var attributes = pthread_attr_t()
    guard pthread_attr_init(&attributes) == 0 else { return nil }
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackBytes)
    if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    #if canImport(Darwin)
        var thread: pthread_t?
    #else
        var thread = pthread_t()
    #endif
    let status = pthread_create(
        &thread, &attributes,
        { context in
            Unmanaged<ThreadBody>.fromOpaque(nonNilContext(context)).takeRetainedValue().body()
            return nil
        }, context)
    guard status == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        return nil
    }
    return thread
}

/// The closure a new thread runs, carried through pthread's untyped context pointer.
private final class ThreadBody: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// Glibc passes the context as optional, Darwin does not; both arrive here as optional.
private func nonNilContext(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer { context! }

/// A mutex and a condition variable: state that threads change under the lock, and wait on.
///
/// Both live in allocations of their own, made once, because neither may move while in use
/// (as in ``Locked``).
final class ConditionLock: @unchecked Sendable {
    // @unchecked: the pthread objects are made for use from several threads.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        require(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        require(pthread_cond_init(condition, nil) == 0, "pthread_cond_init failed")
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    /// Releases the lock while asleep; the caller holds it again on return, and checks again
    /// what it waits for (a wake-up may come for nothing).
    func wait() { pthread_cond_wait(condition, mutex) }
    /// Wakes every thread in ``wait()``; call it with the lock held.
    func broadcast() { pthread_cond_broadcast(condition) }
}
