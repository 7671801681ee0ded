import Testing
@testable import Plexus

@Suite struct BundledDatasetsTests {
    @Test func digits() throws {
        let digits = try Datasets.digits()
        #expect(digits.features.shape == [1797, 64])
        #expect(digits.labels.shape == [1797])
        #expect(digits.imageShape == [8, 8, 1])
        #expect(digits.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(digits.featureNames?.count == 64)
        #expect(digits.featureNames?[9] == "pixel_1_1")
        #expect(Set(digits.labels.scalars) == Set((0...9).map(Float.init)))
        let pixels = digits.features.scalars
        #expect(pixels.min() == 0)
        #expect(pixels.max() == 16)
        // The first image of the file, by hand: 0,0,5,13,9,1,0,0, ... label 0.
        #expect(Array(pixels[0..<8]) == [0, 0, 5, 13, 9, 1, 0, 0])
        #expect(digits.labels[0] == 0)
        #expect(digits.task == .multiclass(classes: 10))
    }

    @Test func breastCancer() throws {
        let cancer = try Datasets.breastCancer()
        #expect(cancer.features.shape == [569, 30])
        #expect(cancer.classNames == ["malignant", "benign"])
        let labels = cancer.labels.scalars
        #expect(labels.filter { $0 == 0 }.count == 212)
        #expect(labels.filter { $0 == 1 }.count == 357)
        #expect(cancer.featureNames?.first == "mean radius")
        #expect(cancer.featureNames?.last == "worst fractal dimension")
        #expect(cancer.features[0, 0] == 17.99)
        #expect(cancer.features[0, 29] == 0.1189)
        #expect(cancer.task == .binary)
    }

    @Test func diabetes() throws {
        let diabetes = try Datasets.diabetes()
        #expect(diabetes.features.shape == [442, 10])
        #expect(diabetes.labels.shape == [442])
        #expect(diabetes.featureNames == ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(diabetes.labels.scalars.min() == 25)
        #expect(diabetes.labels.scalars.max() == 346)
        #expect(Array(diabetes.features.scalars[0..<10]) == [59, 2, 32.1, 101, 157, 93.2, 38, 4, 4.8598, 87])
        #expect(diabetes.labels[0] == 151)
        #expect(diabetes.task == .regression)
        #expect(diabetes.classNames == nil)
    }

    @Test func credits() {
        #expect(Datasets.credits.count == 4)
        let text = Datasets.creditsText
        #expect(text.contains("Alpaydin"))
        #expect(text.contains("Wolberg"))
        #expect(text.contains("Efron"))
        #expect(text.contains("Zalando"))
        #expect(text.contains("CC BY 4.0"))
        #expect(text.contains("MIT"))
    }
}
