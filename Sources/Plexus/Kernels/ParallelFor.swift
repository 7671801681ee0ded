import Dispatch

/// Runs `body(index)` for every index in `0..<count`, spread over the cores, and returns
/// when all are done. With `count <= 1` it runs inline, with no hand-off.
///
/// The kernels use it to split one product into strips that write disjoint parts of the
/// output; `body` must not race with itself on shared state.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        // The strips write disjoint memory through raw pointers, which Swift cannot see;
        // that is the promise this wrapper states.
        let work = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { work.value($0) }
    }
}

/// Carries a value across a `@Sendable` boundary whose safety the caller vouches for.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
