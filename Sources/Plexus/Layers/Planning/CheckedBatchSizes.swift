/// The largest batch sizes whose activation memory a model has checked already, in training
/// (activations and their gradients) and in inference (activations only). A batch that trains
/// within the limit also infers within it.
struct CheckedBatchSizes: Sendable {
    private var training = 0
    private var inference = 0

    /// The largest batch known to fit: in training, or in inference when `training` is false.
    func covering(training wantsTraining: Bool) -> Int { wantsTraining ? training : Swift.max(training, inference) }

    /// Notes that a batch of `size` passed.
    mutating func record(_ size: Int, training wantsTraining: Bool) {
        if wantsTraining { training = Swift.max(training, size) } else { inference = Swift.max(inference, size) }
    }
}
