/// A layer that needs something of its own in data-parallel training; each layer says so in
/// its own file, so that the training engine asks the layer rather than switching on its type.
protocol DataParallelLayer {
    /// Parameters read by index (an Embedding's table), whose per-read squared gradients are
    /// summed over the ranks along with the gradients.
    var sparseParameters: [Parameter] { get }
    /// Moves the layer's random stream (Dropout's masks) to one of its own for `rank` (> 0),
    /// derived from the stream it has.
    func separateRandomStream(forRank rank: Int)
}

extension DataParallelLayer {
    var sparseParameters: [Parameter] { [] }
    func separateRandomStream(forRank rank: Int) {}
}
