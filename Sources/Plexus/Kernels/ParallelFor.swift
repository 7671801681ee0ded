/// Runs `body(index)` for every index in `0..<count`, spread over the cores (``WorkerPool``),
/// and returns when all are done. With `count <= 1`, or when called from inside another
/// `parallelFor`, it runs inline, with no hand-off.
///
/// The kernels use it to split one product into strips that write disjoint parts of the
/// output, through raw pointers Swift cannot see; `body` must not race with itself on shared
/// state. Indices are claimed as threads come free, so a core that another process holds for
/// a while slows the call by its one index, not by half the work.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    WorkerPool.shared.run(count, body)
}

/// The `part`-th of `parts` consecutive, near-equal ranges that cover `0..<count`: how the
/// callers of ``parallelFor(_:_:)`` that split a flat range hand out its pieces.
func partRange(_ part: Int, of parts: Int, covering count: Int) -> Range<Int> {
    (part * count / parts)..<((part + 1) * count / parts)
}

/// Carries a value across a `@Sendable` boundary whose safety the caller vouches for.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
