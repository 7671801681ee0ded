#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The processes of a data-parallel run and the few collective operations they need: every
/// process (a *rank*) calls each operation in the same order, and each call returns when all
/// have made it.
///
/// Give one to a model (``Model/communicator``) and `fit` trains data-parallel: each rank takes
/// its share of every global batch and one `allReduceSum` per step sums the
/// gradients. ``SingleProcess`` is the trivial one; ``OpenMPI`` runs over Open MPI.
///
/// ```swift
/// let world = try OpenMPI.world()              // under `mpirun -np 2 ...`
/// model.communicator = world
/// try model.fit(x, y, epochs: 2, batchSize: 64)  // 64 is the global batch: 32 per rank
/// if world.rank == 0 { try model.save(to: "model.plexus") }
/// world.finalize()
/// ```
public protocol Communicator: Sendable {
    /// This process's number, 0 to ``size`` - 1. Rank 0 is the one that prints and saves.
    var rank: Int { get }
    /// How many processes take part.
    var size: Int { get }
    /// Replaces `buffer` on every rank by the element-wise sum of every rank's `buffer` (all
    /// ranks pass the same count).
    func allReduceSum(_ buffer: inout [Float])
    /// The Float `allReduceSum` in double precision (for sums of losses and counts).
    func allReduceSum(_ buffer: inout [Double])
    /// Replaces `buffer` on every rank by rank `root`'s (all ranks pass the same count).
    func broadcast(_ buffer: inout [Float], from root: Int)
    /// Returns when every rank has called it.
    func barrier()
    /// Ends every rank of the run at once with `status` (the way out of a failure on one rank,
    /// which would otherwise leave the others waiting in a collective operation).
    func abort(status: Int32) -> Never
}

extension Communicator {
    /// Whether this is rank 0, the rank that prints, reports and saves.
    public var isLeader: Bool { rank == 0 }
}

/// A run of one process: every collective operation leaves its data as they are.
public struct SingleProcess: Communicator {
    /// The one process.
    public init() {}
    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var size: Int { 1 }
    /// Leaves `buffer` as it is: the sum over one rank.
    public func allReduceSum(_ buffer: inout [Float]) {}
    /// Leaves `buffer` as it is: the sum over one rank.
    public func allReduceSum(_ buffer: inout [Double]) {}
    /// Leaves `buffer` as it is: this process is the root.
    public func broadcast(_ buffer: inout [Float], from root: Int) {}
    /// Returns at once.
    public func barrier() {}
    /// Ends the process with `status`.
    public func abort(status: Int32) -> Never { exit(status) }
}
