import Testing
@testable import Plexus

@Suite struct NormalizationTests {
    @Test func standardStatisticsByHand() {
        // Column 0: 1, 2, 3, 6 → mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5. Column 1 constant.
        let x = Tensor([[1, 5], [2, 5], [3, 5], [6, 5]])
        let scaler = Normalization.fit(x, method: .standard)
        #expect(scaler.method == .standard)
        #expect(scaler.offset == [3, 5])
        #expect(scaler.scale == [Float(3.5).squareRoot(), 1])
        let scaled = scaler(x)
        #expect(scaled[0, 0] == -2 / Float(3.5).squareRoot())
        #expect(scaled[3, 1] == 0)  // a constant column becomes 0, not NaN
        #expect(!scaled.hasNonFiniteValues)
        #expect(scaler.inverse(scaled).isApproximatelyEqual(to: x))
    }

    @Test func minMaxScalesTheFittedDataToTheUnitInterval() {
        let x = Tensor([[-2, 7, 1], [0, 7, 3], [2, 7, 2]])
        let scaler = Normalization.fit(x, method: .minMax)
        #expect(scaler.offset == [-2, 7, 1])
        #expect(scaler.scale == [4, 1, 2])
        #expect(scaler(x).scalars == [0, 0, 0, 0.5, 0, 1, 1, 0, 0.5])
        // New data are scaled with the same statistics, even outside [0, 1].
        #expect(scaler(Tensor([[6, 8, 0]])).scalars == [2, 1, -0.5])
    }

    @Test func statisticsComeFromTheTrainingPartOnly() throws {
        let cancer = try Datasets.breastCancer()
        var (train, test) = cancer.split(testFraction: 0.25, seed: 9)
        let scaler = Normalization.fit(train.features, method: .standard)
        let fromAll = Normalization.fit(cancer.features, method: .standard)
        let fromTest = Normalization.fit(test.features, method: .standard)
        #expect(scaler != fromAll)
        // The offsets are the training part's column means.
        let rows = train.count
        for column in [0, 3, 29] {
            var sum: Double = 0
            for row in 0..<rows { sum += Double(train.features[row, column]) }
            #expect(abs(Double(scaler.offset[column]) - sum / Double(rows)) <= 1e-4 * max(1, abs(sum / Double(rows))))
        }
        train.features = scaler(train.features)
        test.features = scaler(test.features)
        // The training part is now standard; the test part is near but not exactly so.
        let refit = Normalization.fit(train.features, method: .standard)
        #expect(refit.offset.allSatisfy { abs($0) < 1e-4 })
        #expect(refit.scale.allSatisfy { abs($0 - 1) < 1e-3 })
        let testStats = Normalization.fit(test.features, method: .standard)
        #expect(testStats.offset.contains { abs($0) > 1e-3 })
        #expect(fromTest != scaler)
    }

    @Test func imagesArePerPixelAndValuesRoundTrip() throws {
        let x = Tensor(shape: [2, 2, 2, 1], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
        let scaler = Normalization.fit(x, method: .minMax)
        #expect(scaler.featureCount == 4)
        #expect(scaler(x).shape == [2, 2, 2, 1])
        #expect(scaler(x).scalars == [0, 0, 0, 0, 1, 1, 1, 1])
        let restored = Normalization(method: scaler.method, offset: scaler.offset, scale: scaler.scale)
        #expect(restored == scaler)
        let digits = try Datasets.digits().normalized(by: Normalization.fit(try Datasets.digits().features, method: .minMax))
        #expect(digits.features.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
