import Foundation
import Plexus

// `plexus train` on several processes: under `mpirun -np N plexus train ...` (or with
// --distributed) every rank runs the same command on the same data, trains its share of each
// global batch, and only rank 0 prints, reports and saves.

extension TrainCommand {
    func run() throws {
        guard distributed || OpenMPI.isLaunchedByMPI else { return try train(ranks: nil) }
        let world = try OpenMPI.world()
        var command = self
        if !world.isLeader {
            // The other ranks train silently and write nothing; their errors still reach
            // standard error.
            (command.quiet, command.save, command.report, command.logdir, command.histograms) = (true, nil, nil, nil, false)
            Self.discardStandardOutput()
        }
        do {
            try command.train(ranks: world)
        } catch {
            // A rank that fails ends every rank: the others would wait for it in their next
            // all-reduce forever.
            let failure = CommandFailure(error)
            _ = fflush(nil)
            printToStandardError("error: rank \(world.rank) of \(world.size): \(shortened(failure.message, limit: 2000))")
            world.abort(status: failure.status)
        }
        world.finalize()
    }

    /// Checks after training that every rank holds the same weights, and has rank 0 say so,
    /// with the weights' digest and the time it spent in all-reduce (on standard error).
    static func checkRanksAgree(_ world: OpenMPI, network: Model, quiet: Bool) throws {
        let time = world.allReduceTime
        let (agree, digest) = world.valuesAgree(of: network.parameters)
        guard agree else { throw RunFailure("the ranks' weights differ after training (rank 0's digest \(String(digest, radix: 16)))") }
        guard world.isLeader, !quiet else { return }
        printToStandardError(
            "distributed: \(world.size) rank\(world.size == 1 ? "" : "s"), the same weights on every rank (digest \(String(digest, radix: 16))); "
                + "rank 0 spent \(String(format: "%.3f", time.seconds)) s in \(time.calls) all-reduce calls")
    }

    private static func discardStandardOutput() {
        let null = open("/dev/null", O_WRONLY)
        if null >= 0 {
            _ = dup2(null, STDOUT_FILENO)
            _ = close(null)
        }
    }
}
