#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The ranks of `MPI_COMM_WORLD` under Open MPI's launcher (`mpirun -np N ...`), with Open MPI
/// loaded at run time: Plexus builds and runs without it, and asking for it where it is not
/// installed throws an error naming the Debian packages (`openmpi-bin`, `libopenmpi3`).
///
/// Errors inside a collective operation follow Open MPI's default handler, which ends the
/// whole job with a message; a rank that dies or exits early makes `mpirun` end the others.
/// Call ``finalize()`` once at the end of a successful run (before the process exits), and
/// ``abort(status:)`` on a failure, so that no rank is left waiting for one that is gone.
public final class OpenMPI: Communicator {
    /// This process's rank in `MPI_COMM_WORLD`.
    public let rank: Int
    /// The number of ranks in `MPI_COMM_WORLD`.
    public let size: Int
    private let library: MPILibrary
    private let timing = Locked((calls: 0, seconds: 0.0))

    /// `MPI_COMM_WORLD`, initialising MPI on first use (once per process; later calls return
    /// the same world).
    ///
    /// - Throws: ``DistributedError`` when Open MPI is not installed or does not start.
    public static func world() throws -> OpenMPI {
        try started.withLock { world in
            if let world { return world }
            let library: MPILibrary
            switch MPILibrary.shared {
            case .success(let loaded): library = loaded
            case .failure(let unavailable): throw DistributedError(unavailable.description)
            }
            let started = try OpenMPI(library)
            world = started
            return started
        }
    }

    /// Whether this process was started by Open MPI's launcher (its environment has
    /// `OMPI_COMM_WORLD_SIZE` or `PMIX_RANK`), so that it should join its world.
    public static var isLaunchedByMPI: Bool {
        Environment.value(of: "OMPI_COMM_WORLD_SIZE") != nil || Environment.value(of: "PMIX_RANK") != nil
    }

    private static let started = Locked<OpenMPI?>(nil)

    private init(_ library: MPILibrary) throws {
        self.library = library
        var flag: Int32 = 0
        _ = library.initialized(&flag)
        if flag == 0 {
            let status = library.initialize(nil, nil)
            guard status == 0 else { throw DistributedError("MPI_Init failed with status \(status) (\(library.path))") }
        }
        var value: Int32 = 0
        _ = library.commRank(library.commWorld, &value)
        rank = Int(value)
        _ = library.commSize(library.commWorld, &value)
        size = Int(value)
    }

    /// `MPI_Allreduce` with `MPI_SUM` over `MPI_FLOAT`, in place.
    public func allReduceSum(_ buffer: inout [Float]) {
        allReduce(&buffer, type: library.float)
    }

    /// `MPI_Allreduce` with `MPI_SUM` over `MPI_DOUBLE`, in place.
    public func allReduceSum(_ buffer: inout [Double]) {
        allReduce(&buffer, type: library.double)
    }

    /// How many all-reduce calls this rank has made, and the seconds it spent in them
    /// (waiting for slower ranks included): for measuring what communication costs.
    public var allReduceTime: (calls: Int, seconds: Double) { timing.withLock { $0 } }

    private func allReduce<Element>(_ buffer: inout [Element], type: MPILibrary.Handle) {
        let clock = ContinuousClock()
        let start = clock.now
        buffer.withUnsafeMutableBufferPointer { elements in
            // MPI counts are C ints: a buffer beyond 2^31 elements goes in pieces.
            var offset = 0
            while offset < elements.count {
                let count = Swift.min(elements.count - offset, Int(Int32.max))
                let status = library.allReduce(
                    MPILibrary.inPlace, elements.baseAddress! + offset, Int32(count), type, library.sum, library.commWorld)
                require(status == 0, "MPI_Allreduce failed with status \(status)")
                offset += count
            }
        }
        let elapsed = (clock.now - start).components
        timing.withLock {
            $0.calls += 1
            $0.seconds += Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        }
    }

    /// `MPI_Bcast` of `MPI_FLOAT` values from rank `root`.
    public func broadcast(_ buffer: inout [Float], from root: Int) {
        require((0..<size).contains(root), "broadcast from rank \(root) of \(size)")
        buffer.withUnsafeMutableBufferPointer { elements in
            var offset = 0
            while offset < elements.count {
                let count = Swift.min(elements.count - offset, Int(Int32.max))
                let status = library.broadcast(elements.baseAddress! + offset, Int32(count), library.float, Int32(root), library.commWorld)
                require(status == 0, "MPI_Bcast failed with status \(status)")
                offset += count
            }
        }
    }

    /// `MPI_Barrier`.
    public func barrier() {
        let status = library.barrier(library.commWorld)
        require(status == 0, "MPI_Barrier failed with status \(status)")
    }

    /// `MPI_Abort`: Open MPI ends every rank of the job with `status`.
    public func abort(status: Int32) -> Never {
        _ = library.abort(library.commWorld, status)
        exit(status)  // MPI_Abort does not return; this is for the compiler
    }

    /// Ends this rank's part in MPI (`MPI_Finalize`): call it once every rank is done, before
    /// the process exits; Open MPI's launcher treats a rank that exits without it as failed.
    /// Later calls do nothing.
    public func finalize() {
        var flag: Int32 = 0
        _ = library.finalized(&flag)
        if flag == 0 { _ = library.finalize() }
    }
}

/// Distributed training was asked for and cannot run: Open MPI is missing or did not start.
public struct DistributedError: Error, CustomStringConvertible, Equatable {
    /// What went wrong and, when something is missing, what to install.
    public let description: String

    /// An error with the message `description`.
    public init(_ description: String) { self.description = description }
}
