// Data-parallel training, the parts `fit` calls when the model has a communicator of several
// ranks: which rows of a global batch are this rank's, how the ranks start equal and stay
// equal, and the one all-reduce of a step.
//
// Decisions, also in the README ("Training on several processes"):
// - Each rank takes a contiguous share of every global batch (ranks differ by at most one
//   row) and its gradient of its mean loss is weighted by its share of the batch's rows before
//   the sum, so the summed gradient is the single-process gradient of the global batch, also
//   for an uneven last batch or a rank with no rows.
// - BatchNormalization normalizes with each rank's own batch statistics (as Horovod and
//   PyTorch DDP do by default); its moving statistics are averaged over the ranks at the end
//   of every epoch, so every rank validates and ends with the same weights.
// - Dropout: each rank other than 0 draws its masks from a stream derived from the layer's
//   stream and the rank, so ranks do not drop the same units; a model with Dropout therefore
//   does not train exactly as one process does.

/// One rank's part in a data-parallel step.
struct DataParallelStep {
    let communicator: any Communicator
    /// This rank's rows of the global batch, and the global batch's rows.
    let rows: Int
    let globalRows: Int
    /// Parameters read by index, whose per-read squared gradients travel too.
    let sparse: [Parameter]

    /// The global batch's gradient, the same on every rank.
    func reduced(_ gradients: Gradients, of parameters: [Parameter]) -> Gradients {
        communicator.allReduce(gradients, of: parameters, weight: Float(rows) / Float(globalRows), sparse: sparse)
    }
}

extension Model {
    /// The ranks to train with when there are several; nil for one process.
    var parallelRanks: (any Communicator)? {
        guard let communicator, communicator.size > 1 else { return nil }
        return communicator
    }

    /// Rank `rank`'s contiguous share of the rows `range` of a global batch.
    static func share(of range: Range<Int>, rank: Int, size: Int) -> Range<Int> {
        let lower = range.lowerBound + range.count * rank / size
        let upper = range.lowerBound + range.count * (rank + 1) / size
        return lower..<upper
    }

    /// Makes the ranks start equal: rank 0's weights (and other state) everywhere, and each
    /// Dropout of a rank other than 0 on a stream of its own.
    func joinRanks(_ communicator: any Communicator) {
        communicator.broadcastValues(of: parameters)
        guard communicator.rank > 0 else { return }
        for case let layer as any DataParallelLayer in layers { layer.separateRandomStream(forRank: communicator.rank) }
    }

    /// Makes the state each rank updates alone (BatchNormalization's moving statistics) the
    /// same on every rank: its mean over the ranks.
    func synchronizeState(_ communicator: any Communicator) {
        let state = parameters.filter { !$0.isTrainable }
        if !state.isEmpty { communicator.averageValues(of: state) }
    }

    /// The parameters read by index (an Embedding's table).
    var sparseParameters: [Parameter] {
        layers.flatMap { ($0 as? any DataParallelLayer)?.sparseParameters ?? [] }
    }
}
