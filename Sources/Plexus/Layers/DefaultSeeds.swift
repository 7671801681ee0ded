/// Seeds for layers built outside a model: the first gets 0, the next 1, and so on, so a
/// program that creates its layers in the same order gets the same initial weights every run,
/// and no two layers start from the same random sequence.
enum DefaultSeeds {
    private static let counter = Locked<UInt64>(0)

    static func next() -> UInt64 {
        counter.withLock { value in
            value += 1
            return value - 1
        }
    }
}
