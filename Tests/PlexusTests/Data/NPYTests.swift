import Foundation
import Testing
@testable import Plexus

// The .npy and .npz fixtures come from Fixtures/make_fixtures.py (numpy), committed so that
// the tests need no Python; the expected values below are the ones that script writes.
@Suite struct NPYTests {
    @Test func everySupportedDtype() throws {
        let f4 = try NPY.load(DataTesting.fixture("f4.npy"))
        #expect(f4.shape == [2, 3])
        #expect(f4.scalars == [-1, -0.5, 0, 0.5, 1, 1.5])
        let f8 = try NPY.load(DataTesting.fixture("f8.npy"))
        #expect(f8.scalars == [1.5, -2.25, 3e10, Float(1e-3 as Double)])
        #expect(try NPY.load(DataTesting.fixture("u1.npy")).scalars == [0, 1, 128, 255])
        #expect(try NPY.load(DataTesting.fixture("i4.npy")).scalars == [-3, 0, 7])
        let i8 = try NPY.load(DataTesting.fixture("i8.npy"))
        #expect(i8.shape == [2, 2])
        #expect(i8.scalars == [-1, 2, 3, 4_000_000])
        let scalar = try NPY.load(DataTesting.fixture("scalar.npy"))
        #expect(scalar.shape == [])
        #expect(scalar.scalar == 3.5)
    }

    @Test func headerVersionsTwoAndThree() throws {
        let v2 = try NPY.load(DataTesting.fixture("v2.npy"))
        #expect(v2.shape == [2, 3])
        #expect(v2.scalars == [0, 1, 2, 3, 4, 5])
        let v3 = try NPY.load(DataTesting.fixture("v3.npy"))
        #expect(v3.shape == [3, 2])
    }

    @Test func refusesWhatItCannotRead() {
        let big = DataTesting.error { try NPY.load(DataTesting.fixture("bigendian.npy")) }
        #expect(big?.kind == .unsupported)
        #expect(big?.description.contains("bigendian.npy: dtype '>f4' is big-endian") == true)
        #expect(big?.description.contains("astype('<f4')") == true)
        let fortran = DataTesting.message { try NPY.load(DataTesting.fixture("fortran.npy")) }
        #expect(fortran.contains("fortran.npy: the array is stored in Fortran (column-major) order"))
        let complex = DataTesting.message { try NPY.load(DataTesting.fixture("complex.npy")) }
        #expect(complex.contains("complex.npy: dtype '<c8' is not supported"))
        let notNPY = DataTesting.message { try NPY.load(DataTesting.write("hello", named: "x.npy")) }
        #expect(notNPY.contains("x.npy: not a .npy file"))
    }

    @Test func truncatedData() throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: DataTesting.fixture("f4.npy"))))
        bytes.removeLast(4)
        let message = DataTesting.message { try NPY.load(DataTesting.write(bytes, named: "cut.npy")) }
        #expect(message.contains("cut.npy: header says shape (2, 3) of '<f4' = 24 bytes, file has 20 bytes of data"))
        let header = DataTesting.message { try NPY.load(DataTesting.write(Array(bytes[0..<30]), named: "head.npy")) }
        #expect(header.contains("head.npy: truncated .npy header"))
    }

    @Test func headerParsing() throws {
        let header = try NPYHeader(parsing: "{\"descr\": \"<i8\", \"shape\": (3L, 4L), \"fortran_order\": False}  \n", name: "h")
        #expect(header.descr == "<i8")
        #expect(header.shape == [3, 4])
        #expect(!header.fortranOrder)
        #expect(try NPYHeader(parsing: "{'descr': '|u1', 'fortran_order': False, 'shape': (), }", name: "h").shape == [])
        let message = DataTesting.message { try NPYHeader(parsing: "{'descr': '<f4', 'shape': (2, }", name: "bad.npy") }
        #expect(message.contains("bad.npy: cannot read the .npy header"))
    }

    @Test func writeThenReadBack() throws {
        let folder = DataTesting.scratchFolder()
        let tensor = Tensor(shape: [2, 3, 1], scalars: [1, -2.5, 3e-8, .greatestFiniteMagnitude, 0, 7])
        try NPY.write(tensor, to: "\(folder)/t.npy")
        let read = try NPY.load("\(folder)/t.npy")
        #expect(read.shape == [2, 3, 1])
        #expect(read.scalars == tensor.scalars)
        // The header is padded so that the data start at a multiple of 64 bytes, as numpy does.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/t.npy"))
        #expect((bytes.count - 24) % 64 == 0)
        try NPY.write(Tensor([5]), to: "\(folder)/v.npy")
        #expect(try NPY.load("\(folder)/v.npy").shape == [1])
        try NPY.write(Tensor(2), to: "\(folder)/s.npy")
        #expect(try NPY.load("\(folder)/s.npy").shape == [])
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["s.npy", "t.npy", "v.npy"])
    }

    @Test(.enabled(if: NPYTests.hasNumpy, "python3 with numpy is not installed"))
    func numpyReadsWhatWeWrite() throws {
        let folder = DataTesting.scratchFolder()
        try NPY.write(Tensor([[1, 2, 3], [4, 5, 6.5]]), to: "\(folder)/w.npy")
        let output = try NPYTests.python("import numpy as np; a = np.load('\(folder)/w.npy'); print(a.dtype, a.shape, a.sum())")
        #expect(output == "float32 (2, 3) 21.5\n")
    }

    static let hasNumpy: Bool = (try? python("import numpy")) != nil

    static func python(_ code: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: output, as: UTF8.self)
    }
}

@Suite struct NPZTests {
    private let x: [Float] = (0..<12).map { Float($0) / 4 }

    @Test func storedArchive() throws {
        let arrays = try NPZ.load(DataTesting.fixture("xy.npz"))
        #expect(arrays.keys.sorted() == ["x", "y"])
        #expect(arrays["x"]?.shape == [4, 3])
        #expect(arrays["x"]?.scalars == x)
        #expect(arrays["y"]?.scalars == [0, 1, 1, 0])
    }

    @Test func deflatedArchive() throws {
        let arrays = try NPZ.load(DataTesting.fixture("Xy_compressed.npz"))
        #expect(arrays.keys.sorted() == ["X", "y"])
        #expect(arrays["X"]?.scalars == x)
    }

    @Test func datasetsWithDefaultAndGivenNames() throws {
        let xy = try NPZ.loadDataset(DataTesting.fixture("xy.npz"))
        #expect(xy.features.shape == [4, 3])
        #expect(xy.labels.scalars == [0, 1, 1, 0])
        let compressed = try NPZ.loadDataset(DataTesting.fixture("Xy_compressed.npz"))
        #expect(compressed.features.scalars == x)
        let images = try NPZ.loadDataset(DataTesting.fixture("features_labels.npz"))
        #expect(images.features.shape == [2, 2, 2, 1])
        #expect(images.imageShape == [2, 2, 1])
        #expect(images.labels.scalars == [1, 0])
        let named = try NPZ.loadDataset(DataTesting.fixture("xy.npz"), features: "y", labels: "x")
        #expect(named.features.shape == [4, 1])
    }

    @Test func missingArrayListsThoseThere() {
        let message = DataTesting.message { try NPZ.loadDataset(DataTesting.fixture("xy.npz"), labels: "target") }
        #expect(message.contains("xy.npz: no array \"target\"; the file holds \"x\", \"y\""))
        let rows = DataTesting.message { try NPZ.loadDataset(DataTesting.fixture("mismatch.npz")) }
        #expect(rows.contains("mismatch.npz: features \"x\" of shape [4, 3] and labels \"y\" of shape [2]"))
    }

    @Test func archiveErrors() throws {
        let bzip2 = DataTesting.message { try NPZ.load(DataTesting.fixture("bzip2.npz")) }
        #expect(bzip2.contains("bzip2.npz, member \"x.npy\": compression method 12 is not supported"))
        let notZip = DataTesting.message { try NPZ.load(DataTesting.fixture("f4.npy")) }
        #expect(notZip.contains("f4.npy: not a zip archive"))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: DataTesting.fixture("Xy_compressed.npz"))))
        // Damage the deflated data of the first member (it starts after a 30-byte header and its name).
        bytes[30 + 5 + 20 + 10] ^= 0xFF
        let corrupt = DataTesting.message { try NPZ.load(DataTesting.write(bytes, named: "corrupt.npz")) }
        #expect(corrupt.contains("corrupt.npz, member \"X.npy\""))
        let cut = DataTesting.message { try NPZ.load(DataTesting.write(Array(bytes[0..<200]), named: "cut.npz")) }
        #expect(cut.contains("cut.npz: not a zip archive (no end-of-central-directory record"))
        // A zip64 end-of-directory locator is refused with a clear message.
        var original = Array(try Data(contentsOf: URL(fileURLWithPath: DataTesting.fixture("xy.npz"))))
        let end = original.count - 22
        original.replaceSubrange((end + 10)..<(end + 12), with: [0xFF, 0xFF])
        let zip64 = DataTesting.message { try NPZ.load(DataTesting.write(original, named: "big.npz")) }
        #expect(zip64.contains("big.npz: zip64 archives (over 4 GB or 65,535 members) are not supported"))
    }
}

@Suite struct AtomicFileTests {
    @Test func replacesAndCleansUp() throws {
        let folder = DataTesting.scratchFolder()
        let path = "\(folder)/file.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == [4, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["file.bin"])
    }

    @Test func failureLeavesTheTargetAndNoTemporaryFile() throws {
        let folder = DataTesting.scratchFolder()
        let error = DataTesting.error { try AtomicFile.write([1], to: "\(folder)/missing/file.bin") }
        #expect(error?.kind == .ioFailure)
        #expect(error?.description.contains("missing/file.bin: cannot write the file") == true)
        // Renaming over a folder fails after the write: the temporary file must be removed.
        try FileManager.default.createDirectory(atPath: "\(folder)/taken", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: "\(folder)/taken/inside", withIntermediateDirectories: false)
        let renameError = DataTesting.error { try AtomicFile.write([1], to: "\(folder)/taken") }
        #expect(renameError?.kind == .ioFailure)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken"])
    }

    @Test func folderPaths() {
        #expect("a/b/c.npy".folderPath == "a/b")
        #expect("c.npy".folderPath == ".")
        #expect("/c.npy".folderPath == "/")
    }
}
