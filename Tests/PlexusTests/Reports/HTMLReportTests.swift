import Foundation
import Testing
@testable import Plexus

@Suite struct HTMLReportTests {
    /// A three-class classifier of 2-D blobs trained 4 epochs with validation.
    func trainedClassifier() throws -> (model: Sequential, history: History, test: (x: Tensor, y: Tensor)) {
        let data = TrainingData.blobs(centers: [[0, 0], [2, 2], [0, 3]], count: 40, spread: 0.9, seed: 4)
        let model = Sequential(inputShape: [2], seed: 4) {
            Dense(8, activation: .relu)
            Dense(3)
        }
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.02), metrics: [.accuracy])
        let history = try model.fit(data.x, data.y, epochs: 4, batchSize: 16, validationSplit: 0.2, verbose: .silent)
        return (model, history, (data.x, data.y))
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func classifierReportHasEverySection() throws {
        let (model, history, test) = try trainedClassifier()
        var details = ReportDetails(title: "Blobs <b>&</b>")
        details.classNames = ["left", "right", "top"]
        details.dataset = "blobs"
        let html = try history.htmlReport(model: model, test: test, details: details)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        for section in ["run", "model", "training", "test", "timing", "reproduce"] {
            #expect(html.contains("<section id=\"\(section)\">"), "no \(section) section")
        }
        #expect(!html.contains("<section id=\"regression\">"))
        // Loss (linear and logarithmic), accuracy, the heat map, seconds per epoch.
        #expect(count("<svg", in: html) >= 5)
        #expect(html.contains("id=\"log-loss\"") && html.contains("class=\"loss-log\""))
        #expect(html.contains("<title>Blobs &lt;b&gt;&amp;&lt;/b&gt;</title>"))
        #expect(html.contains("1 right"))  // a class named with its number
        #expect(html.contains("sparse_categorical_crossentropy") && html.contains(PlexusVersion.current))
        // Nothing fetched: no script, stylesheet or image from elsewhere.
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import") && !html.contains("url(http"))
    }

    @Test func perClassScoresFollowTheConfusionMatrix() {
        var matrix = ConfusionMatrix(
            labels: Tensor([0, 0, 1, 1, 1, 2]),
            predictions: Tensor([[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0], [1, 0, 0], [0, 1, 0]]), classes: 3)
        let scores = matrix.classScores
        #expect(scores[0].precision == 0.5 && scores[0].recall == 0.5 && scores[0].support == 2)
        #expect(scores[1].precision == 0.5 && abs(scores[1].recall - 2.0 / 3) < 1e-6)
        #expect(abs(scores[1].f1 - 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3)) < 1e-6)
        #expect(scores[2] == ClassScores(index: 2, precision: 0, recall: 0, f1: 0, support: 1))
        matrix = ConfusionMatrix(labels: Tensor([Float]()), predictions: Tensor.zeros([0, 3]), classes: 3)
        #expect(matrix.classScores.allSatisfy { $0.support == 0 && $0.f1 == 0 })
    }

    @Test func mistakesAreTheSurestWrongAnswersDrawnAsImages() throws {
        // Probabilities for four samples of true class 0: two wrong, one surer than the other.
        let probabilities = Tensor([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]])
        let samples = Tensor((0..<16).map(Float.init)).reshaped([4, 4])
        let mistakes = RunReport.mistakes(truth: [0, 0, 0, 0], probabilities: probabilities, samples: samples)
        #expect(mistakes.map(\.index) == [1, 2])
        #expect(mistakes.first?.sample?.scalars == [4, 5, 6, 7])
        #expect(abs((mistakes.first?.probability ?? 0) - 0.8) < 1e-6)

        let (model, history, test) = try trainedClassifier()
        var details = ReportDetails()
        details.imageShape = [1, 2]
        let html = try history.htmlReport(model: model, test: test, details: details)
        if try model.evaluate(test.x, test.y)["accuracy"]! < 1 {
            #expect(html.contains("class=\"plexus-image\""))
        }
    }

    @Test func regressionReportShowsPredictionsAndResiduals() throws {
        var generator = RandomGenerator(seed: 9)
        let x = Tensor.uniform([60, 2], low: -1, high: 1, using: &generator)
        let y = Tensor(x.scalars.enumerated().filter { $0.offset % 2 == 0 }.map { 3 * $0.element + 1 }).reshaped([60, 1])
        let model = Sequential(inputShape: [2], seed: 9) { Dense(1) }
        model.compile(loss: .meanSquaredError, optimizer: Adam(learningRate: 0.05), metrics: [.meanAbsoluteError])
        let history = try model.fit(x, y, epochs: 3, batchSize: 16, verbose: .silent)
        let html = try history.htmlReport(model: model, test: (x, y))
        #expect(html.contains("<section id=\"regression\">"))
        #expect(html.contains("Predicted vs true") && html.contains("Residuals"))
        #expect(!html.contains("Confusion matrix"))
    }

    @Test func labelsOutsideTheClassesAreAnErrorNotATrap() throws {
        let (model, history, test) = try trainedClassifier()
        let bad = Tensor(test.y.scalars.map { $0 == 2 ? 7 : $0 })
        #expect(throws: (any Error).self) { try history.htmlReport(model: model, test: (test.x, bad)) }
    }

    /// A binary classifier's labels reach the report unchecked by its loss (binary
    /// cross-entropy takes any number): one that no Int holds was converted and stopped the program.
    @Test func aBinaryLabelNoClassIndexHoldsIsAnError() throws {
        let data = TrainingData.blobs(centers: [[0, 0], [2, 2]], count: 30, spread: 0.9, seed: 5)
        let model = Sequential(inputShape: [2], seed: 5) { Dense(1, activation: .sigmoid) }
        model.compile(loss: .binaryCrossentropy(), optimizer: Adam(learningRate: 0.02))
        let history = try model.fit(data.x, data.y, epochs: 1, batchSize: 16, verbose: .silent)
        let bad = Tensor(data.y.scalars.enumerated().map { $0.offset == 3 ? 1e20 : $0.element })
        #expect {
            try history.htmlReport(model: model, test: (data.x, bad))
        } throws: { error in
            (error as? TrainingError)?.kind == .labelOutOfRange && "\(error)".contains("the test label 1e+20 in row 3")
        }
    }

    @Test func reportFileIsWrittenAndAnUnwritablePathThrows() throws {
        let (model, history, test) = try trainedClassifier()
        let folder = try IOTestSupport.folder()
        try history.writeReport(to: folder + "/r.html", model: model, test: test)
        #expect(try String(contentsOfFile: folder + "/r.html", encoding: .utf8).contains("</html>"))
        #expect(throws: DataError.self) { try history.writeReport(to: folder + "/missing/r.html", model: model, test: test) }
    }

    @Test func untrainedModelGivesAReportWithoutCurves() throws {
        let model = Sequential(inputShape: [2], seed: 1) { Dense(2) }
        let html = try History().htmlReport(model: model)
        #expect(html.contains("No epochs were run."))
        #expect(!html.contains("<section id=\"test\">"))
    }
}
