import Foundation
import Testing
@testable import Plexus

/// The data sources read rows on demand: the same rows as the whole array, and lies in a
/// file's header are errors before anything is allocated from them.
@Suite struct DataSourceTests {
    /// A tensor of `rows` rows of shape `sample` with distinct values.
    static func tensor(rows: Int, sample: [Int] = [3, 2], seed: UInt64 = 5) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor.uniform([rows] + sample, low: -1, high: 1, using: &generator)
    }

    /// `tensor` written as a .npy file named `name` in `folder` (a new one by default).
    static func write(_ tensor: Tensor, named name: String = "x.npy", in folder: String = DataTesting.scratchFolder()) -> String {
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(NPY.encode(tensor)))
        return path
    }

    static let shuffled = [7, 3, 4, 5, 6, 49, 0, 1, 2, 48, 3]

    @Test func aFileGivesTheRowsOfTheArray() throws {
        let x = Self.tensor(rows: 50)
        let source = try NPYFileSource(Self.write(x))
        #expect(source.count == 50)
        #expect(source.sampleShape == [3, 2])
        #expect(try source.batch(rows: Self.shuffled).scalars == x.gatheringRows(Self.shuffled).scalars)
        #expect(try source.batch(rows: Array(0..<50)).scalars == x.scalars)
        #expect(try source.batch(rows: []).shape == [0, 3, 2])
    }

    @Test func otherDtypesAreConvertedAsLoadConvertsThem() throws {
        for name in ["i8.npy", "f8.npy", "u1.npy"] {
            let whole = try NPY.load(DataTesting.fixture(name))
            let source = try NPYFileSource(DataTesting.fixture(name))
            let rows = Array((0..<whole.shape[0]).reversed())
            #expect(try source.batch(rows: rows).scalars == whole.gatheringRows(rows).scalars, "\(name)")
        }
    }

    @Test func aFolderOfShardsIsTheirRowsInNameOrder() throws {
        let x = Self.tensor(rows: 50)
        let folder = DataTesting.scratchFolder()
        // Written out of order, one shard empty, and a file that is not a shard.
        _ = Self.write(x.rows(17..<50), named: "part-2.npy", in: folder)
        _ = Self.write(x.rows(0..<17), named: "part-0.npy", in: folder)
        _ = Self.write(x.rows(17..<17), named: "part-1.npy", in: folder)
        _ = FileManager.default.createFile(atPath: folder + "/README.txt", contents: Data("not a shard".utf8))
        let shards = try NPYFolderSource(folder)
        let file = try NPYFileSource(Self.write(x))
        #expect(shards.count == 50)
        #expect(try shards.batch(rows: Self.shuffled).scalars == file.batch(rows: Self.shuffled).scalars)
        // A run of rows across a shard boundary.
        #expect(try shards.batch(rows: Array(10..<30)).scalars == x.rows(10..<30).scalars)
    }

    @Test func selectedRowsAreReadFromTheirSource() throws {
        let x = Self.tensor(rows: 20)
        let part = TensorSource(x).selecting(rows: [19, 2, 5])
        #expect(part.count == 3)
        #expect(try part.batch(rows: [2, 0]).scalars == x.gatheringRows([5, 19]).scalars)
    }

    /// The bytes of a version 1.0 .npy file with `header` as its dictionary and `data` after it.
    static func npy(header: String, data: [UInt8]) -> [UInt8] {
        var text = header
        text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
        let length = text.utf8.count
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8) + data
    }

    @Test func hostileFilesAreClearErrors() throws {
        let values = [UInt8](repeating: 0, count: 4 * 6)
        let lying = DataTesting.write(
            Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 3), }", data: values), named: "lying.npy")
        let shape = DataTesting.message { try NPYFileSource(lying) }
        #expect(
            shape.contains("lying.npy: header says shape (1000000, 3) of '<f4' = 12000000 bytes, file has 24 bytes of data (truncated?)"))

        let huge = DataTesting.write(
            Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 9), }", data: values),
            named: "huge.npy")
        #expect(DataTesting.message { try NPYFileSource(huge) }.contains("more bytes than any file can hold"))

        let whole = Self.npy(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data: values)
        let cut = DataTesting.write(Array(whole.prefix(40)), named: "cut.npy")
        #expect(DataTesting.message { try NPYFileSource(cut) }.contains("cut.npy: truncated .npy header"))
        let long = DataTesting.write(whole + [1, 2, 3, 4], named: "long.npy")
        #expect(
            DataTesting.message { try NPYFileSource(long) }.contains(
                "long.npy: header says shape (2, 3) of '<f4' = 24 bytes, file has 28 bytes"))

        let complex = DataTesting.message { try NPYFileSource(DataTesting.fixture("complex.npy")) }
        #expect(complex.contains("complex.npy: dtype '<c8' is not supported"))
        let scalar = DataTesting.message { try NPYFileSource(DataTesting.fixture("scalar.npy")) }
        #expect(scalar.contains("scalar.npy: the array is a single value"))
        let missing = DataTesting.error { try NPYFileSource("/nonexistent/x.npy") }
        #expect(missing?.kind == .fileNotFound)

        // A version 2.0 header that says it is 4 GB long: nothing past the file's own size is read.
        let giant = DataTesting.write(
            [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0xFF, 0xFF, 0xFF, 0xFF] + Array("{}".utf8), named: "giant.npy")
        #expect(DataTesting.message { try NPYFileSource(giant) }.contains("giant.npy: truncated .npy header (it says 4294967295 bytes"))
    }

    @Test func shardsThatDoNotMatchAreErrors() throws {
        let folder = DataTesting.scratchFolder()
        _ = Self.write(Self.tensor(rows: 4), named: "a.npy", in: folder)
        _ = Self.write(Self.tensor(rows: 4, sample: [5]), named: "b.npy", in: folder)
        #expect(DataTesting.message { try NPYFolderSource(folder) }.contains("b.npy: rows of shape (5,) of '<f4', but"))

        let mixed = DataTesting.scratchFolder()
        _ = Self.write(Self.tensor(rows: 2, sample: [2]), named: "a.npy", in: mixed)
        try FileManager.default.copyItem(atPath: DataTesting.fixture("i8.npy"), toPath: mixed + "/b.npy")
        #expect(DataTesting.message { try NPYFolderSource(mixed) }.contains("of '<i8', but"))

        #expect(DataTesting.error { try NPYFolderSource(DataTesting.scratchFolder()) }?.kind == .empty)
    }
}
