import Testing
@testable import Plexus

@Suite struct DatasetTests {
    /// 10 samples of 2 features (row i is [i, 10 i]); labels: six of class 0, four of class 1.
    private func small() -> Dataset {
        let x = Tensor(shape: [10, 2], scalars: (0..<10).flatMap { [Float($0), Float($0 * 10)] })
        let y = Tensor([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])
        return Dataset(name: "small", features: x, labels: y, featureNames: ["a", "b"], classNames: ["no", "yes"])
    }

    @Test func countAndAliases() {
        let data = small()
        #expect(data.count == 10)
        #expect(data.x == data.features)
        #expect(data.y == data.labels)
        #expect(data.sampleShape == [2])
    }

    @Test func shuffledKeepsPairsAndIsSeeded() {
        let data = small()
        let a = data.shuffled(seed: 5), b = data.shuffled(seed: 5), c = data.shuffled(seed: 6)
        #expect(a.features == b.features)
        #expect(a.features != c.features)
        #expect(a.features.scalars.sorted() == data.features.scalars.sorted())
        for row in 0..<10 {
            let first = a.features[row, 0]
            #expect(a.features[row, 1] == first * 10)
            #expect(a.labels[row] == (first >= 6 ? 1 : 0))
        }
        #expect(a.featureNames == ["a", "b"])
    }

    @Test func batchesCoverEverySampleInOrder() {
        let batches = Array(small().batches(size: 4))
        #expect(small().batches(size: 4).count == 3)
        #expect(batches.map { $0.x.shape } == [[4, 2], [4, 2], [2, 2]])
        #expect(batches.map { $0.y.shape } == [[4], [4], [2]])
        #expect(batches[2].x.scalars == [8, 80, 9, 90])
        #expect(batches[2].y.scalars == [1, 1])
        #expect(Array(small().batches(size: 32)).count == 1)
    }

    @Test func oneHot() {
        let encoded = Dataset.oneHot(Tensor([2, 0, 1]), classes: 3)
        #expect(encoded.shape == [3, 3])
        #expect(encoded.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
        let data = small().oneHotLabels(classes: 2)
        #expect(data.labels.shape == [10, 2])
        #expect(data.labels.scalars.prefix(2) == [1, 0])
        #expect(Dataset.oneHot(Tensor(shape: [2, 1], scalars: [1, 0]), classes: 2).scalars == [0, 1, 1, 0])
    }

    @Test func mappingFeatures() {
        let scaled = small().mappingFeatures { $0 / 10 }
        #expect(scaled.features[9, 1] == 9)
        #expect(scaled.labels == small().labels)
    }

    @Test func taskGuessRules() {
        #expect(LearningTask.guess(from: Tensor([0, 1, 1, 0])) == .binary)
        #expect(LearningTask.guess(from: Tensor([1, 2, 2, 1])) == .binary)
        #expect(LearningTask.guess(from: Tensor([0, 2, 1, 2, 0, 1])) == .multiclass(classes: 3))
        #expect(LearningTask.guess(from: Tensor([1, 3, 2, 3, 1, 2])) == .multiclass(classes: 4))
        #expect(LearningTask.guess(from: Tensor([0.5, 1.25, 3])) == .regression)
        #expect(LearningTask.guess(from: Tensor([-1, 0, 1, -1, 0, 1])) == .regression)
        // As many distinct values as rows: not classes.
        #expect(LearningTask.guess(from: Tensor([0, 1, 2, 3, 4, 5])) == .regression)
        // More than 100 distinct integers: regression, however many rows.
        let many = Tensor((0..<1000).map { Float($0 % 150) })
        #expect(LearningTask.guess(from: many) == .regression)
        let hundred = Tensor((0..<1000).map { Float($0 % 100) })
        #expect(LearningTask.guess(from: hundred) == .multiclass(classes: 100))
        // One-hot rows.
        #expect(LearningTask.guess(from: Tensor([[0, 1, 0], [1, 0, 0]])) == .multiclass(classes: 3))
        #expect(LearningTask.guess(from: Tensor([[0.5, 1], [1, 0]])) == .regression)
        #expect(LearningTask.guess(from: Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])) == .binary)
        // Class names decide for a data set.
        #expect(small().task == .binary)
    }

    @Test func splitSizesAndDisjointness() {
        let data = small()
        let (train, test) = data.split(testFraction: 0.3, seed: 1)
        #expect(train.count == 7)
        #expect(test.count == 3)
        let trainRows = Set(train.features.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        let testRows = Set(test.features.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        #expect(trainRows.isDisjoint(with: testRows))
        #expect(trainRows.union(testRows).count == 10)
        #expect(train.classNames == ["no", "yes"])
        // Seeded.
        #expect(data.split(testFraction: 0.3, seed: 1).test.features == test.features)
    }

    @Test func stratifiedSplitKeepsClassProportions() {
        // 3 classes of 50, 30 and 20 samples.
        let labels = (0..<100).map { Float($0 < 50 ? 0 : ($0 < 80 ? 1 : 2)) }
        let data = Dataset(features: Tensor(shape: [100, 1], scalars: (0..<100).map(Float.init)), labels: Tensor(labels))
        for fraction: Float in [0.1, 0.2, 0.25, 0.33, 0.5] {
            for seed: UInt64 in 0..<5 {
                let (train, test) = data.split(testFraction: fraction, seed: seed)
                #expect(test.count == Int((100 * Double(fraction)).rounded()))
                #expect(train.count + test.count == 100)
                for (label, size) in [(Float(0), 50.0), (1, 30), (2, 20)] {
                    let inTest = Double(test.labels.scalars.filter { $0 == label }.count)
                    #expect(abs(inTest - size * Double(fraction)) <= 1, "class \(label), fraction \(fraction)")
                }
            }
        }
    }

    @Test func stratifiedSplitOfTheDigitsKeepsEachClassWithinOneSample() throws {
        let digits = try Datasets.digits()
        let (train, test) = digits.split(testFraction: 0.2, seed: 42)
        #expect(test.count == 359)
        #expect(train.count == 1438)
        for digit in 0..<10 {
            let total = Double(digits.labels.scalars.filter { $0 == Float(digit) }.count)
            let inTest = Double(test.labels.scalars.filter { $0 == Float(digit) }.count)
            #expect(abs(inTest - total * 0.2) <= 1)
        }
    }

    @Test func unstratifiedAndRegressionSplits() {
        let data = Dataset(
            features: Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init)), labels: Tensor((0..<10).map { Float($0) * 0.5 }))
        let (train, test) = data.split(testFraction: 0.2, seed: 3)
        #expect((train.count, test.count) == (8, 2))
        let (train2, test2) = small().split(testFraction: 0.5, seed: 3, stratified: false)
        #expect((train2.count, test2.count) == (5, 5))
    }

    @Test func quotasAddUpAndStayWithinOne() {
        let quotas = Dataset.stratifiedQuotas(groupSizes: [5, 5, 5], fraction: 0.5, total: 8)
        #expect(quotas.reduce(0, +) == 8)
        #expect(quotas.allSatisfy { $0 == 2 || $0 == 3 })
        #expect(Dataset.stratifiedQuotas(groupSizes: [1, 1, 1, 1], fraction: 0.5, total: 2) == [1, 1, 0, 0])
    }
}
