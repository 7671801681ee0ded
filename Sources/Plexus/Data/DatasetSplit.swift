extension Dataset {
    /// The samples divided at random into a training part and a test part, the choice fixed by
    /// `seed`.
    ///
    /// ```swift
    /// let (train, test) = digits.split(testFraction: 0.2, seed: 42)   // 1438 and 359 samples
    /// ```
    ///
    /// The test part has `testFraction × count` samples, rounded to the nearest whole number.
    /// When `stratified` is true and the labels are class labels (``task`` is binary or
    /// multiclass, see ``LearningTask/guess(from:)``), each class is split on its own in the
    /// same proportion, so both parts keep the class balance of the whole: each class's test
    /// count is its exact share rounded down or up (within one sample), the ones rounded up
    /// being those with the largest remainders, so that the total is still the rounded
    /// fraction. Regression targets and multi-label rows (which have no single class) are split
    /// without stratification. Both parts come out in a
    /// seeded random order.
    ///
    /// - Precondition: `testFraction` is strictly between 0 and 1.
    public func split(testFraction: Float, seed: UInt64, stratified: Bool = true) -> (train: Dataset, test: Dataset) {
        let (trainRows, testRows) = splitRows(testFraction: testFraction, seed: seed, stratified: stratified)
        return (selecting(rows: trainRows), selecting(rows: testRows))
    }

    /// The rows of each part of ``split(testFraction:seed:stratified:)``, in its order: how
    /// data streamed from disk, whose labels alone are in memory, are split the same way.
    package func splitRows(testFraction: Float, seed: UInt64, stratified: Bool = true) -> (train: [Int], test: [Int]) {
        require(
            testFraction > 0 && testFraction < 1,
            "testFraction must be strictly between 0 and 1, got \(testFraction)")
        var generator = RandomGenerator(seed: seed)
        let testTotal = Int((Double(count) * Double(testFraction)).rounded())
        var testRows: [Int] = []
        var trainRows: [Int] = []
        if stratified, task.hasOneClassPerSample, let groups = classGroups() {
            let quotas = Dataset.stratifiedQuotas(groupSizes: groups.map(\.count), fraction: Double(testFraction), total: testTotal)
            for (group, quota) in zip(groups, quotas) {
                var members = group
                generator.shuffle(&members)
                testRows += members[..<quota]
                trainRows += members[quota...]
            }
            generator.shuffle(&testRows)
            generator.shuffle(&trainRows)
        } else {
            let order = generator.permutation(count)
            testRows = Array(order[..<testTotal])
            trainRows = Array(order[testTotal...])
        }
        return (trainRows, testRows)
    }

    /// The row indices of each class, classes in ascending order; nil when a row has no single
    /// class (labels neither one index per row nor one-hot).
    func classGroups() -> [[Int]]? {
        guard count > 0 else { return [] }
        let width = labels.count / count
        var groups: [Float: [Int]] = [:]
        let ok = labels.withUnsafeBufferPointer { values -> Bool in
            for row in 0..<count {
                let key: Float
                if width == 1 {
                    key = values[row]
                } else {
                    let slice = values[(row * width)..<((row + 1) * width)]
                    guard let hot = slice.firstIndex(of: 1) else { return false }
                    key = Float(hot - row * width)
                }
                groups[key, default: []].append(row)
            }
            return true
        }
        guard ok else { return nil }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// How many samples of each group go to the test part: each group's exact share
    /// `size × fraction` rounded down, then one more for the groups with the largest
    /// remainders (earlier groups first on ties) until the quotas add up to `total`.
    static func stratifiedQuotas(groupSizes: [Int], fraction: Double, total: Int) -> [Int] {
        let exact = groupSizes.map { Double($0) * fraction }
        var quotas = exact.map { Int($0.rounded(.down)) }
        var missing = total - quotas.reduce(0, +)
        let byRemainder = exact.indices.sorted { a, b in
            let ra = exact[a] - exact[a].rounded(.down), rb = exact[b] - exact[b].rounded(.down)
            return ra != rb ? ra > rb : a < b
        }
        var position = 0
        while missing > 0, !byRemainder.isEmpty {
            let group = byRemainder[position % byRemainder.count]
            if quotas[group] < groupSizes[group] {
                quotas[group] += 1
                missing -= 1
            }
            position += 1
            if position > 2 * byRemainder.count * max(total, 1) { break }
        }
        return quotas
    }
}
