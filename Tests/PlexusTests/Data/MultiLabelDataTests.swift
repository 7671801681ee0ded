import Foundation
import Testing
@testable import Plexus

/// Several label columns: read from CSV in the order listed, recognised as multi-label when
/// they hold 0s and 1s, kept with their names through a model file.
struct MultiLabelDataTests {
    let pictures = "width,car,height,bus,pedestrian\n1,1,2,0,1\n3,0,4,1,1\n5,1,6,1,0\n7,0,8,0,0\n"

    @Test func csvReadsLabelColumnsInTheOrderListed() throws {
        let data = try CSV.load(DataTesting.write(pictures), labelColumns: ["pedestrian", "car", "bus"])
        #expect(data.labels.shape == [4, 3])
        #expect(data.labels.scalars == [1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0])
        #expect(data.features.scalars == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(data.featureNames == ["width", "height"] && data.classNames == ["pedestrian", "car", "bus"])
        #expect(data.task == .multilabel(labels: 3))
        // One column is the single-label reader.
        #expect(try CSV.load(DataTesting.write(pictures), labelColumns: ["car"]).labels.shape == [4])
    }

    @Test func badLabelColumnsAreNamed() throws {
        let path = DataTesting.write(pictures)
        #expect(DataTesting.message { try CSV.load(path, labelColumns: ["car", "truck"]) }.contains("no column \"truck\""))
        #expect(DataTesting.message { try CSV.load(path, labelColumns: ["car", "Car"]) }.contains("\"car\" is listed twice"))
        let twice = DataTesting.write("x,car,car,bus\n1,0,1,1\n")
        #expect(DataTesting.message { try CSV.load(twice, labelColumns: ["car", "bus"]) }.contains("2 columns named \"car\""))
        let text = DataTesting.write("x,car,bus\n1,0,1\n2,yes,0\n")
        #expect(DataTesting.message { try CSV.load(text, labelColumns: ["car", "bus"]) }.contains("line 3, column \"car\""))
        let empty = DataTesting.write("x,car,bus\n1,0,1\n2,1,\n")
        #expect(
            DataTesting.message { try CSV.load(empty, labelColumns: ["car", "bus"]) }.contains("line 3, column \"bus\": the label is empty")
        )
    }

    @Test func zeroOneRowsAreMultilabel() throws {
        #expect(LearningTask.guess(from: Tensor([[1, 1, 0], [0, 0, 0]])) == .multilabel(labels: 3))
        #expect(LearningTask.guess(from: Tensor([[0, 1], [1, 0]])) == .multiclass(classes: 2))
        let unnamed = try LabelEncoding(labels: Tensor([[1, 1, 0], [0, 0, 0]]))
        #expect(unnamed.task == .multilabel(labels: 3) && unnamed.classNames == ["0", "1", "2"] && unnamed.isConsistent)
        // Named columns are labels of their own even when each row happens to be one-hot.
        let named = try LabelEncoding(labels: Tensor([[0, 1], [1, 0]]), classNames: ["car", "bus"])
        #expect(named.task == .multilabel(labels: 2) && named.classNames == ["car", "bus"])
        #expect(try LabelEncoding(labels: Tensor([[0.5, 1], [1, 0]]), classNames: ["car", "bus"]).task == .regression)
        #expect(LearningTask.multilabel(labels: 3).isClassification && !LearningTask.multilabel(labels: 3).hasOneClassPerSample)
    }

    @Test func encodingChecksZeroOneRows() throws {
        let encoding = LabelEncoding(task: .multilabel(labels: 2), classNames: ["car", "bus"], classValues: nil)
        #expect(try encoding.encode(Tensor([[1, 0], [1, 1]])).shape == [2, 2])
        #expect(DataTesting.message { try encoding.encode(Tensor([[1, 0], [0, 2]])) }.contains("label \"bus\" in row 2 is 2"))
        #expect(DataTesting.message { try encoding.encode(Tensor([1, 0, 1])) }.contains("expected 2 labels per sample"))
        #expect(!LabelEncoding(task: .multilabel(labels: 3), classNames: ["car"], classValues: nil).isConsistent)
        #expect(!LabelEncoding(task: .multilabel(labels: 1), classNames: ["car"], classValues: [1]).isConsistent)
    }

    @Test func encodingsDecodeOldAndNewKinds() throws {
        let encoding = LabelEncoding(task: .multilabel(labels: 2), classNames: ["car", "bus"], classValues: nil)
        let data = try JSONEncoder().encode(encoding)
        #expect(String(decoding: data, as: UTF8.self).contains("\"kind\":\"multilabel\""))
        #expect(try JSONDecoder().decode(LabelEncoding.self, from: data) == encoding)
        // What model files written before multi-label hold still reads.
        let old = #"{"task":{"kind":"binary"},"classNames":["2","5"],"classValues":[2,5]}"#
        #expect(try JSONDecoder().decode(LabelEncoding.self, from: Data(old.utf8)).task == .binary)
        let lying = #"{"task":{"kind":"multilabel","labels":0},"classNames":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LabelEncoding.self, from: Data(lying.utf8)) }
    }

    /// Multi-label rows have no single class to stratify by: split at random, never a trap
    /// (rows of all zeros included).
    @Test func splitsWithoutStratifying() throws {
        let data = Dataset(
            features: Tensor((0..<10).map { [Float($0)] }), labels: Tensor((0..<10).map { [Float($0 % 2), 0] }), classNames: ["a", "b"])
        let (train, test) = data.split(testFraction: 0.3, seed: 1)
        #expect(train.count == 7 && test.count == 3 && test.labels.shape == [3, 2])
    }

    @Test func modelFilesKeepTheLabelNamesAndPredictPerLabel() throws {
        let model = Sequential(inputShape: [2]) { Dense(3, activation: .sigmoid) }
        model.compile(loss: .binaryCrossentropy(), optimizer: Adam())
        model.labelEncoding = LabelEncoding(task: .multilabel(labels: 3), classNames: ["car", "bus", "pedestrian"], classValues: nil)
        let path = DataTesting.scratchFolder() + "/pictures.plexus"
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.labelEncoding == model.labelEncoding)
        let table = try PredictionTable(model: loaded, samples: Tensor([[1, 2], [3, -4]]), threshold: 0.5)
        #expect(table.header == ["car", "bus", "pedestrian", "p_car", "p_bus", "p_pedestrian"])
        let lines = table.csv.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].split(separator: ",").prefix(3).allSatisfy { $0 == "0" || $0 == "1" }, "\(table.csv)")
        let probabilities = try model.predict(Tensor([[1, 2], [3, -4]]))
        #expect(table.values.scalars[0] == (probabilities.scalars[0] > 0.5 ? 1 : 0) && table.values.scalars[3] == probabilities.scalars[0])

        // A file whose labels do not fit the outputs is refused.
        let wrong = Sequential(inputShape: [2]) { Dense(2, activation: .sigmoid) }
        wrong.labelEncoding = model.labelEncoding
        let wrongPath = DataTesting.scratchFolder() + "/wrong.plexus"
        try wrong.save(to: wrongPath)
        #expect(throws: ModelFileError.self) { try Sequential.load(from: wrongPath) }
    }
}
