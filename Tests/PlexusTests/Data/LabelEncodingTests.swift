import Testing
@testable import Plexus

/// Classes are the distinct label values, never sized by a value.
struct LabelEncodingTests {
    @Test func twoValuesAreBinaryWhateverTheyAre() throws {
        let encoding = try LabelEncoding(labels: Tensor([2, 5, 5, 2, 5]))
        #expect(encoding.task == .binary)
        #expect(encoding.classNames == ["2", "5"])
        #expect(try encoding.encode(Tensor([5, 2])).scalars == [1, 0])
        #expect(encoding.className(1) == "5")
    }

    @Test func largeValuesSizeNothing() throws {
        let encoding = try LabelEncoding(labels: Tensor([1_000_000, 3, 1_000_000, 3, 7, 7, 3, 7]))
        #expect(encoding.task == .multiclass(classes: 3))
        #expect(encoding.classNames == ["3", "7", "1000000"])
        #expect(try encoding.encode(Tensor([1_000_000, 7])).scalars == [2, 1])
    }

    @Test func oneClassIsAnError() throws {
        #expect(throws: DataError.self) { try LabelEncoding(labels: Tensor([4, 4, 4, 4])) }
        #expect(throws: DataError.self) { try LabelEncoding(labels: Tensor([0, 0]), classNames: ["cat"]) }
        #expect(throws: DataError.self) { try LabelEncoding(labels: Tensor(shape: [0], scalars: [])) }
    }

    @Test func unknownValuesAreNamed() throws {
        let encoding = try LabelEncoding(labels: Tensor([0, 1, 0, 1]))
        #expect {
            try encoding.encode(Tensor([1, 9]), source: "test.csv labels")
        } throws: { error in
            "\(error)".contains("label 9 in row 2") && "\(error)".contains("test.csv labels")
        }
    }

    @Test func textLabelsKeepTheirNames() throws {
        let encoding = try LabelEncoding(labels: Tensor([0, 1, 2, 1]), classNames: ["cat", "dog", "eel"])
        #expect(encoding.task == .multiclass(classes: 3) && encoding.classValues == nil)
        #expect(try encoding.encode(Tensor([2, 0])).scalars == [2, 0])
        #expect(throws: DataError.self) { try LabelEncoding(labels: Tensor([0, 5]), classNames: ["cat", "dog"]) }
    }

    @Test func fractionsAndManyValuesAreRegression() throws {
        #expect(try LabelEncoding(labels: Tensor([0.5, 1.25, 3, 4])).task == .regression)
        #expect(try LabelEncoding(labels: Tensor((0..<300).map(Float.init))).task == .regression)
        #expect(try LabelEncoding(labels: Tensor([[0, 1], [1, 0], [0, 1]])).task == .multiclass(classes: 2))
        #expect(try LabelEncoding(labels: Tensor([[0.5, 1], [1, 0]])).task == .regression)
    }

    @Test func decodedEncodingsAreChecked() throws {
        #expect(try LabelEncoding(labels: Tensor([2, 5, 2, 5])).isConsistent)
        #expect(!LabelEncoding(task: .binary, classNames: ["a"], classValues: nil).isConsistent)
        #expect(!LabelEncoding(task: .multiclass(classes: 3), classNames: ["a", "b", "c"], classValues: [1, 1, 2]).isConsistent)
        #expect(!LabelEncoding(task: .regression, classNames: ["a"], classValues: nil).isConsistent)
    }
}
