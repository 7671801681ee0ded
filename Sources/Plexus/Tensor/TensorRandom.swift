extension Tensor {
    /// A tensor of samples from the uniform distribution on `[low, high)`.
    ///
    /// ```swift
    /// var generator = RandomGenerator(seed: 7)
    /// let w = Tensor.uniform([784, 25], low: -0.08, high: 0.08, using: &generator)
    /// ```
    ///
    /// Element `i` (row-major) is `low + (high - low) * generator.nextFloat()`, drawn in order.
    /// - Precondition: `low <= high`, both finite.
    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        require(
            low.isFinite && high.isFinite && low <= high,
            "uniform needs finite bounds with low <= high, got low \(low), high \(high)")
        let result = Tensor(uninitializedShape: shape)
        let base = result.storage.base
        let width = high - low
        for i in 0..<result.count { base[i] = low + width * generator.nextFloat() }
        return result
    }

    /// A tensor of samples from the normal distribution with the given mean and standard deviation.
    ///
    /// ```swift
    /// var generator = RandomGenerator(seed: 7)
    /// let noise = Tensor.normal([32, 10], standardDeviation: 0.01, using: &generator)
    /// ```
    ///
    /// Element `i` (row-major) is `mean + standardDeviation * generator.nextNormal()`.
    /// - Precondition: `standardDeviation >= 0`, both finite.
    public static func normal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
        using generator: inout RandomGenerator
    ) -> Tensor {
        require(
            mean.isFinite && standardDeviation.isFinite && standardDeviation >= 0,
            "normal needs a finite mean and a finite, non-negative standard deviation, got \(mean) and \(standardDeviation)")
        let result = Tensor(uninitializedShape: shape)
        let base = result.storage.base
        for i in 0..<result.count { base[i] = mean + standardDeviation * generator.nextNormal() }
        return result
    }
}
