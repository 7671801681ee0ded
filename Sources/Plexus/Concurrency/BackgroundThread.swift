#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One thread of the library's own that runs one job at a time, handed to it by ``run(_:)``,
/// and ends when the object goes.
///
/// Why not a dispatch queue: when the process cannot make another thread (an address-space
/// limit, say), `DispatchQueue.async` queues the job and libdispatch waits, forever, for a
/// thread it cannot make, so whoever waits for the job hangs. Here the thread is made up
/// front, ``start()`` returns nil when it cannot be, and the caller does the work itself.
final class BackgroundThread: @unchecked Sendable {
    // @unchecked: `job`, `busy` and `stopping` are read and written only with `mutex` held.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    private var job: (@Sendable () -> Void)?
    private var busy = false
    private var stopping = false
    #if canImport(Darwin)
        private var thread: pthread_t?
    #else
        private var thread = pthread_t()
    #endif

    /// A new thread waiting for jobs, or nil when the system would not make one.
    static func start() -> BackgroundThread? {
        let worker = BackgroundThread()
        return worker.launch() ? worker : nil
    }

    private init() {
        mutex = .allocate(capacity: 1)
        changed = .allocate(capacity: 1)
        require(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init failed")
        require(pthread_cond_init(changed, nil) == 0, "pthread_cond_init failed")
    }

    deinit {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        if launched {
            #if canImport(Darwin)
                pthread_join(thread!, nil)
            #else
                pthread_join(thread, nil)
            #endif
        }
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    private var launched = false

    /// Makes the thread, with a 2 MiB stack: reading a batch needs little, and an 8 MiB default
    /// would count against an address-space limit for nothing.
    private func launch() -> Bool {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return false }
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 2 << 20)
        // The thread holds the object unretained: deinit joins it before the object is gone.
        let context = Unmanaged.passUnretained(self).toOpaque()
        launched =
            pthread_create(
                &thread, &attributes,
                { context in
                    Unmanaged<BackgroundThread>.fromOpaque(BackgroundThread.nonNil(context)).takeUnretainedValue().serve()
                    return nil
                }, context) == 0
        return launched
    }

    /// Glibc passes the context as optional, Darwin does not; both arrive here as optional.
    static func nonNil(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer { context! }

    /// Hands `job` to the thread; the previous job must be over (``waitUntilIdle()``).
    func run(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        require(!busy, "BackgroundThread.run called while a job is running")
        self.job = job
        busy = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Returns when no job is waiting or running.
    func waitUntilIdle() {
        pthread_mutex_lock(mutex)
        while busy { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// The thread's loop: take a job, run it without the lock, say it is done.
    private func serve() {
        pthread_mutex_lock(mutex)
        while true {
            while job == nil && !stopping { pthread_cond_wait(changed, mutex) }
            guard let next = job else { break }
            job = nil
            pthread_mutex_unlock(mutex)
            next()
            pthread_mutex_lock(mutex)
            busy = false
            pthread_cond_broadcast(changed)
        }
        pthread_mutex_unlock(mutex)
    }
}
