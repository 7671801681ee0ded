#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Open MPI's C library (`libmpi`), opened at run time so that Plexus builds and runs where it
/// is absent: its functions and its predefined handles.
///
/// In Open MPI's `mpi.h` a handle such as `MPI_COMM_WORLD` or `MPI_FLOAT` is the address of a
/// global object of the library (`&ompi_mpi_comm_world`, `&ompi_mpi_float`, `&ompi_mpi_op_sum`),
/// so `dlsym` finds them as it finds functions; `MPI_IN_PLACE` is the address 1. These names
/// are Open MPI's (checked against 4.1's `mpi.h`); MPICH spells its handles as integers and is
/// not supported.
struct MPILibrary: @unchecked Sendable {
    // @unchecked: only immutable function pointers and addresses, set once in init.
    typealias Handle = UnsafeMutableRawPointer
    typealias Initialize =
        @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32
    typealias Flag = @convention(c) (UnsafeMutablePointer<Int32>) -> Int32
    typealias CommunicatorQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    typealias AllReduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, Int32, Handle, Handle, Handle) -> Int32
    typealias Broadcast = @convention(c) (UnsafeMutableRawPointer?, Int32, Handle, Int32, Handle) -> Int32
    typealias Barrier = @convention(c) (Handle) -> Int32
    typealias Abort = @convention(c) (Handle, Int32) -> Int32
    typealias Finalize = @convention(c) () -> Int32

    let initialize: Initialize
    let initialized: Flag
    let finalized: Flag
    let finalize: Finalize
    let commRank: CommunicatorQuery
    let commSize: CommunicatorQuery
    let allReduce: AllReduce
    let broadcast: Broadcast
    let barrier: Barrier
    let abort: Abort

    /// `MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_DOUBLE`, `MPI_SUM`.
    let commWorld: Handle
    let float: Handle
    let double: Handle
    let sum: Handle
    /// `MPI_IN_PLACE`: `((void *) 1)` in Open MPI's `mpi.h`.
    static var inPlace: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: 1) }

    /// The library's file name, as `dlopen` found it.
    let path: String

    /// The Debian packages that provide Open MPI's launcher and library.
    static let packages = "openmpi-bin libopenmpi3"

    /// Why the library could not be loaded, naming what to install.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The library of this process, loaded once; the error says what to install.
    static let shared = load(candidates: ["libmpi.so.40", "libmpi.so", "libmpi.40.dylib", "libmpi.dylib"])

    /// The first of `candidates` that opens and has every symbol Plexus uses.
    static func load(candidates: [String]) -> Result<MPILibrary, Unavailable> {
        // Global symbols, as a program linked with libmpi has them: MPI_Init loads Open MPI's
        // plug-ins (its transports), which expect libmpi's symbols to be visible (mpi4py opens
        // it this way for the same reason).
        guard let library = DynamicLibrary(candidates: candidates, global: true) else {
            return .failure(
                Unavailable(
                    description: "distributed training needs Open MPI, which is not installed here (Debian: apt-get install \(packages))"))
        }
        do {
            return .success(try MPILibrary(library))
        } catch {
            return .failure(
                Unavailable(description: "\(error); distributed training needs Open MPI 4 (Debian: apt-get install \(packages))"))
        }
    }

    private init(_ library: DynamicLibrary) throws {
        path = library.path
        initialize = try library.function("MPI_Init", as: Initialize.self)
        initialized = try library.function("MPI_Initialized", as: Flag.self)
        finalized = try library.function("MPI_Finalized", as: Flag.self)
        finalize = try library.function("MPI_Finalize", as: Finalize.self)
        commRank = try library.function("MPI_Comm_rank", as: CommunicatorQuery.self)
        commSize = try library.function("MPI_Comm_size", as: CommunicatorQuery.self)
        allReduce = try library.function("MPI_Allreduce", as: AllReduce.self)
        broadcast = try library.function("MPI_Bcast", as: Broadcast.self)
        barrier = try library.function("MPI_Barrier", as: Barrier.self)
        abort = try library.function("MPI_Abort", as: Abort.self)
        func handle(_ symbol: String) throws -> Handle {
            guard let address = library.address(of: symbol) else {
                throw DynamicLibrary.MissingSymbol(library: library.path, symbol: symbol)
            }
            return address
        }
        commWorld = try handle("ompi_mpi_comm_world")
        float = try handle("ompi_mpi_float")
        double = try handle("ompi_mpi_double")
        sum = try handle("ompi_mpi_op_sum")
    }
}
