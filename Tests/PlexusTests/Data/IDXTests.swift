import Foundation
import Testing
@testable import Plexus

@Suite struct IDXTests {
    /// An IDX file: magic (0, 0, type, rank), big-endian dimensions, then `payload`.
    static func idx(type: UInt8, shape: [UInt32], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for dimension in shape { bytes += withUnsafeBytes(of: dimension.bigEndian, Array.init) }
        return bytes + payload
    }

    @Test func unsignedBytesGzipped() throws {
        let images = try IDX.load(DataTesting.fixture("images-idx3-ubyte.gz"))
        #expect(images.shape == [3, 2, 2])
        #expect(images.scalars == stride(from: 0, to: 240, by: 20).map(Float.init))
    }

    @Test func everyElementType() throws {
        let int8 = try IDX.load(DataTesting.write(Self.idx(type: 0x09, shape: [3], payload: [0xFF, 0x80, 0x7F]), named: "a.idx"))
        #expect(int8.scalars == [-1, -128, 127])
        let int16 = try IDX.load(DataTesting.write(Self.idx(type: 0x0B, shape: [2], payload: [0xFF, 0xFE, 0x01, 0x00]), named: "b.idx"))
        #expect(int16.scalars == [-2, 256])
        let int32 = try IDX.load(
            DataTesting.write(Self.idx(type: 0x0C, shape: [1, 2], payload: [0xFF, 0xFF, 0xFF, 0xFD, 0, 1, 0, 0]), named: "c.idx"))
        #expect(int32.shape == [1, 2])
        #expect(int32.scalars == [-3, 65536])
        let float32 = try IDX.load(
            DataTesting.write(
                Self.idx(type: 0x0D, shape: [1], payload: withUnsafeBytes(of: Float(1.5).bitPattern.bigEndian, Array.init)), named: "d.idx")
        )
        #expect(float32.scalars == [1.5])
        let float64 = try IDX.load(
            DataTesting.write(
                Self.idx(type: 0x0E, shape: [1], payload: withUnsafeBytes(of: Double(-0.25).bitPattern.bigEndian, Array.init)),
                named: "e.idx"))
        #expect(float64.scalars == [-0.25])
    }

    @Test func headerAndDataSizeMustAgree() {
        let short = DataTesting.write(
            Self.idx(type: 0x08, shape: [3, 2, 2], payload: Array(repeating: 1, count: 11)), named: "short-idx3-ubyte")
        let message = DataTesting.message { try IDX.load(short) }
        #expect(message.contains("short-idx3-ubyte: header says 3x2x2 = 12 bytes, file has 11 bytes of data"))
        let long = DataTesting.write(Self.idx(type: 0x0B, shape: [2], payload: Array(repeating: 1, count: 6)), named: "long.idx")
        #expect(DataTesting.message { try IDX.load(long) }.contains("long.idx: header says 2 = 4 bytes of int16, file has 6 bytes of data"))
    }

    @Test func badMagicAndTruncatedHeader() {
        let csv = DataTesting.write("a,b\n1,2\n", named: "not.idx")
        let magic = DataTesting.error { try IDX.load(csv) }
        #expect(magic?.kind == .malformed)
        #expect(magic?.description.contains("not.idx: not an IDX file (bad magic number 61 2C 62 0A") == true)
        let unknownType = DataTesting.message { try IDX.load(DataTesting.write([0, 0, 0x07, 1, 0, 0, 0, 0], named: "type.idx")) }
        #expect(unknownType.contains("type.idx: not an IDX file, or an unknown IDX type code 0x07"))
        let header = DataTesting.message { try IDX.load(DataTesting.write([0, 0, 0x08, 3, 0, 0, 0, 2], named: "cut.idx")) }
        #expect(header.contains("cut.idx: truncated IDX header"))
        let missing = DataTesting.error { try IDX.load("/nonexistent/train-images-idx3-ubyte.gz") }
        #expect(missing?.kind == .fileNotFound)
    }

    @Test func datasetFromImagesAndLabels() throws {
        let data = try IDX.loadDataset(
            images: DataTesting.fixture("images-idx3-ubyte.gz"), labels: DataTesting.fixture("labels-idx1-ubyte.gz"))
        #expect(data.features.shape == [3, 2, 2, 1])
        #expect(data.imageShape == [2, 2, 1])
        #expect(data.labels.scalars == [7, 0, 9])
        let twoLabels = DataTesting.write(Self.idx(type: 0x08, shape: [2], payload: [1, 2]), named: "two-labels")
        let message = DataTesting.message {
            try IDX.loadDataset(images: DataTesting.fixture("images-idx3-ubyte.gz"), labels: twoLabels)
        }
        #expect(message.contains("two-labels holds 2 labels, but"))
        #expect(message.contains("images-idx3-ubyte.gz holds 3 images"))
    }

    /// A folder with MNIST's four file names holding 3 training and 2 test images of 2x2.
    static func mnistStyleFolder(gzipTrainImages: Bool = false) -> String {
        let folder = DataTesting.scratchFolder()
        func put(_ name: String, _ bytes: [UInt8]) {
            #expect(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data(bytes)))
        }
        put("train-images-idx3-ubyte", idx(type: 0x08, shape: [3, 2, 2], payload: Array(0..<12)))
        put("train-labels-idx1-ubyte", idx(type: 0x08, shape: [3], payload: [1, 2, 3]))
        put("t10k-images.idx3-ubyte", idx(type: 0x08, shape: [2, 2, 2], payload: Array(100..<108)))
        put("t10k-labels.idx1-ubyte", idx(type: 0x08, shape: [2], payload: [4, 5]))
        return folder
    }

    @Test func idxFolderFindsBothSets() throws {
        let (train, test) = try Datasets.idxFolder(Self.mnistStyleFolder(), classNames: (0..<10).map(String.init))
        #expect(train.features.shape == [3, 2, 2, 1])
        #expect(test.features.shape == [2, 2, 2, 1])
        #expect(test.features.scalars.first == 100)
        #expect(train.labels.scalars == [1, 2, 3])
        #expect(test.labels.scalars == [4, 5])
        #expect(train.classNames?.count == 10)
    }

    @Test func idxFolderSaysWhatIsMissing() throws {
        let folder = Self.mnistStyleFolder()
        try FileManager.default.removeItem(atPath: "\(folder)/train-labels-idx1-ubyte")
        let message = DataTesting.message { try Datasets.idxFolder(folder) }
        #expect(message.contains("no train-labels-idx1-ubyte.gz (or train-labels-idx1-ubyte"))
        let noFolder = DataTesting.message { try Datasets.idxFolder("/nonexistent/mnist") }
        #expect(noFolder == "/nonexistent/mnist: no such folder")
    }
}

@Suite struct FashionMNISTTests {
    @Test func absentDataSaysHowToInstall() {
        let empty = DataTesting.scratchFolder()
        let error = DataTesting.error { try Datasets.fashionMNIST(directory: empty) }
        #expect(error?.kind == .fileNotFound)
        let message = error?.description ?? ""
        #expect(message.contains("apt-get install -y dataset-fashion-mnist"))
        #expect(message.contains("PLEXUS_FASHION_MNIST"))
        #expect(message.contains(empty))
    }

    /// The one place the folder is chosen: a given folder first, `~` expanded; without one the
    /// variable or Debian's folder (whichever this machine has), never the given-folder branch.
    @Test func theFolderIsChosenInOnePlace() {
        #expect(Datasets.fashionMNISTFolder(directory: "/data/fmnist") == "/data/fmnist")
        let home = Datasets.fashionMNISTFolder(directory: "~/fmnist")
        #expect(!home.hasPrefix("~") && home.hasSuffix("/fmnist"))
        let fallback = ProcessInfo.processInfo.environment["PLEXUS_FASHION_MNIST"] ?? Datasets.fashionMNISTDefaultDirectory
        #expect(Datasets.fashionMNISTFolder() == Datasets.expandingTilde(fallback))
    }

    @Test func aGivenFolderIsUsed() throws {
        let (train, test) = try Datasets.fashionMNIST(directory: IDXTests.mnistStyleFolder())
        #expect(train.count == 3)
        #expect(test.count == 2)
        #expect(train.classNames == Datasets.fashionMNISTClassNames)
    }

    @Test(.enabled(if: Datasets.isFashionMNISTInstalled, "Fashion-MNIST is not installed (apt-get install -y dataset-fashion-mnist)"))
    func loadsTheInstalledData() throws {
        let (train, test) = try Datasets.fashionMNIST()
        #expect(train.features.shape == [60000, 28, 28, 1])
        #expect(test.features.shape == [10000, 28, 28, 1])
        #expect(train.labels.shape == [60000])
        #expect(train.imageShape == [28, 28, 1])
        #expect(train.classNames?.count == 10)
        #expect(train.classNames?.first == "T-shirt/top")
        #expect(train.classNames?.last == "Ankle boot")
        let labels = Set(test.labels.scalars)
        #expect(labels == Set((0...9).map(Float.init)))
        // 1000 test images per class.
        #expect(test.labels.scalars.filter { $0 == 9 }.count == 1000)
        let pixels = test.features.scalars
        #expect(pixels.min() == 0 && pixels.max() == 255)
    }
}
