import CPlexusKernels

/// Runs `body` with subnormal floats taken as zero on this thread, when
/// ``ComputeConfiguration/flushesSubnormals`` says so (the default), and gives the thread its
/// own floating-point mode back afterwards.
///
/// A model's `fit`, `trainOnBatch`, `evaluate`, `predict` and calls (of a model or a layer)
/// already run inside it. Wrap a custom training loop in it so that the backward pass and the
/// optimizer's updates run in the same mode, as TensorFlow runs every kernel:
///
/// ```swift
/// withSubnormalsFlushed {
///     for (x, y) in batches {
///         let (loss, gradients) = valueWithGradient(for: model.trainableParameters) {
///             lossFunction(model(x), y)
///         }
///         optimizer.update(model.trainableParameters, with: gradients)
///     }
/// }
/// ```
///
/// Plexus's worker threads take the caller's mode with each parallel loop, so the work they
/// share computes as the caller would alone. Nested calls find the mode set and change nothing.
public func withSubnormalsFlushed<Result>(_ body: () throws -> Result) rethrows -> Result {
    guard ComputeConfiguration.flushesSubnormalsNow else { return try body() }
    let own = plx_fp_control()
    let flushing = plx_fp_control_flushing(own)
    guard flushing != own else { return try body() }
    plx_set_fp_control(flushing)
    defer { plx_set_fp_control(own) }
    return try body()
}
