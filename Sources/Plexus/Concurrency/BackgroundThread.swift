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
    // @unchecked: `job`, `busy` and `stopping` are read and written only with `state` locked;
    // `thread` only by the owner.
    private let state = ConditionLock()
    private var job: (@Sendable () -> Void)?
    private var busy = false
    private var stopping = false
    private var thread: pthread_t?

    /// A new thread waiting for jobs, or nil when the system would not make one.
    static func start() -> BackgroundThread? {
        let worker = BackgroundThread()
        // A 2 MiB stack: reading a batch needs little. The thread holds the object unretained:
        // deinit joins it before the object is gone.
        worker.thread = startOwnThread(stackBytes: 2 << 20, detached: false) { [unowned(unsafe) worker] in worker.serve() }
        return worker.thread == nil ? nil : worker
    }

    private init() {}

    deinit {
        state.lock()
        stopping = true
        state.broadcast()
        state.unlock()
        if let thread { pthread_join(thread, nil) }
    }

    /// Hands `job` to the thread; the previous job must be over (``waitUntilIdle()``).
    func run(_ job: @escaping @Sendable () -> Void) {
        state.lock()
        require(!busy, "BackgroundThread.run called while a job is running")
        self.job = job
        busy = true
        state.broadcast()
        state.unlock()
    }

    /// Returns when no job is waiting or running.
    func waitUntilIdle() {
        state.lock()
        while busy { state.wait() }
        state.unlock()
    }

    /// The thread's loop: take a job, run it without the lock, say it is done.
    private func serve() {
        state.lock()
        while true {
            while job == nil && !stopping { state.wait() }
            guard let next = job else { break }
            job = nil
            state.unlock()
            next()
            state.lock()
            busy = false
            state.broadcast()
        }
        state.unlock()
    }
}
