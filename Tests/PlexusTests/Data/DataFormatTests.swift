import Foundation
import Testing
@testable import Plexus

/// Formats decided from content, and inputs that can be read only once (pipes, FIFOs).
@Suite struct DataFormatTests {
    @Test func firstBytesDecide() throws {
        let npy = NPY.encode(Tensor([1, 2]))
        let npz = ImportWeightsTests.npz([("x", Tensor([1]))])
        let idx = IDXTests.idx(type: 0x08, shape: [2], payload: [1, 2])
        let safetensors = SafetensorsWriter.encode([(name: "w", tensor: Tensor([1, 2]))], metadata: [:])
        let csv = Array("a,b\n1,2\n".utf8)
        for (bytes, format) in [(npy, DataFormat.npy), (npz, .npz), (idx, .idx), (safetensors, .safetensors), (csv, .csv)] {
            #expect(DataFormat.detect(prefix: bytes) == format)
            #expect(DataFormat.detect(prefix: HostileInputs.gzip(bytes)) == format, "gzipped \(format)")
            #expect(try DataFormat.detect(path: DataTesting.write(bytes, named: "data")) == format)
            #expect(try DataFormat.detect(path: DataTesting.write(HostileInputs.gzip(bytes), named: "data")) == format)
        }
        #expect(DataFormat.detect(prefix: []) == .csv)
        #expect(try DataFormat.detect(path: DataTesting.write([], named: "empty")) == .csv)
        #expect(DataTesting.error { try DataFormat.detect(path: "/nonexistent/data") }?.kind == .fileNotFound)
        #expect(DataTesting.message { try DataFormat.detect(path: DataTesting.scratchFolder()) }.hasSuffix(": is a folder, not a file"))
        #expect(try DataFormat.detect(path: DataTesting.fixture("xy.npz")) == .npz)
        #expect(try DataFormat.detect(path: DataTesting.fixture("images-idx3-ubyte.gz")) == .idx)
        #expect(try DataFormat.detect(path: DataTesting.fixture("small.csv.gz")) == .csv)
    }

    @Test func csvFromAProcessSubstitution() throws {
        let text = "x,y,label\n" + (0..<5000).map { "\($0),\($0 * 2),\($0 % 3)\n" }.joined()
        let data = try HostileInputs.withPipe(HostileInputs.gzip(Array(text.utf8))) { path in
            #expect(try DataFormat.detect(path: path) == .csv)
            return try CSV.load(path)  // reads on from the bytes detect took
        }
        #expect(data.features.shape == [5000, 2])
        #expect(data.labels.scalars.prefix(4) == [0, 1, 2, 0])
    }

    @Test func npyAndNPZAndIDXFromPipes() throws {
        let tensor = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        let npy = try HostileInputs.withPipe(NPY.encode(tensor)) { path in
            #expect(try DataFormat.detect(path: path) == .npy)
            return try NPY.load(path)
        }
        #expect(npy == tensor)
        let features = try HostileInputs.withPipe(NPY.encode(tensor)) { try FeatureTable.load($0) }
        #expect(features == tensor)
        let npz = ImportWeightsTests.npz([("x", tensor), ("y", Tensor([0, 1, 1]))])
        let dataset = try HostileInputs.withPipe(npz) { path in
            #expect(try DataFormat.detect(path: path) == .npz)
            return try NPZ.loadDataset(path)
        }
        #expect(dataset.features == tensor && dataset.labels.scalars == [0, 1, 1])
        let idx = try HostileInputs.withPipe(HostileInputs.gzip(IDXTests.idx(type: 0x08, shape: [2, 2], payload: [1, 2, 3, 4]))) { path in
            #expect(try DataFormat.detect(path: path) == .idx)
            return try IDX.load(path)
        }
        #expect(idx.scalars == [1, 2, 3, 4])
    }

    @Test func safetensorsFromAFIFO() throws {
        let bytes = SafetensorsWriter.encode([(name: "w", tensor: Tensor([1, 2, 3]))], metadata: ["k": "v"])
        let (tensors, metadata) = try HostileInputs.withFIFO(bytes) { path in
            #expect(try DataFormat.detect(path: path) == .safetensors)
            return try Safetensors.read(path)
        }
        #expect(tensors["w"] == Tensor([1, 2, 3]) && metadata == ["k": "v"])
        let zeros = HostileInputs.withFIFO(Array(repeating: 0, count: 100_000)) { path in
            ModelFileTesting.error { try Safetensors.read(path) }
        }
        #expect(zeros?.description.contains("a header of 0 bytes is too short for JSON") == true)
    }

    @Test func aCSVFromAFIFOAndGarbageFromAPipe() throws {
        let data = try HostileInputs.withFIFO(Array("a,b\n1,2\n3,4\n".utf8)) { try CSV.load($0) }
        #expect(data.features.scalars == [1, 3] && data.labels.scalars == [2, 4])
        let garbage = [UInt8](repeating: 0, count: 300_000)
        let error = HostileInputs.withPipe(garbage) { path in DataTesting.error { try CSV.load(path) } }
        #expect(error?.kind == .malformed)
        #expect(error?.description.contains("binary data, not CSV text: byte 1 is a NUL") == true)
        let utf16 = HostileInputs.withPipe([0xFF, 0xFE] + Array("a,b\n".utf16.flatMap { [UInt8($0), 0] })) { path in
            DataTesting.message { try CSV.load(path) }
        }
        #expect(utf16.contains("UTF-16 text; save it as UTF-8"))
    }
}

/// Catching ModelFileErrors, as DataTesting catches DataErrors.
enum ModelFileTesting {
    static func error<T>(_ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> ModelFileError? {
        do {
            _ = try body()
            Issue.record("expected a ModelFileError, but nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            return error
        } catch {
            Issue.record("expected a ModelFileError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
