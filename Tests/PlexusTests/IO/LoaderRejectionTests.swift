import Foundation
import Testing
@testable import Plexus

/// Loading never trusts the file: each damaged file, built byte by byte, is a thrown error
/// that says what is wrong.
@Suite struct LoaderRejectionTests {
    /// A file of an 8-byte length (the header's, unless given), the header text, then `data`.
    func file(header: String, data: [UInt8] = [], length: UInt64? = nil) throws -> String {
        var bytes: [UInt8] = []
        let headerBytes = Array(header.utf8)
        let value = length ?? UInt64(headerBytes.count)
        for index in 0..<8 { bytes.append(UInt8((value >> (8 * UInt64(index))) & 0xFF)) }
        bytes += headerBytes + data
        return try write(bytes)
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = try IOTestSupport.folder() + "/bad.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Expects `load` and `Safetensors.read` to throw a message containing `message`.
    func expectRejection(
        _ path: String, _ message: String, kind: ModelFileError.Kind = .malformed, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try Sequential.load(from: path)
            Issue.record("loaded a bad file; expected \(message)", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            #expect(error.description.contains(message), sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(path), sourceLocation: sourceLocation)
            #expect(error.kind == kind, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    let floats12: [UInt8] = Array(repeating: 0, count: 12)

    @Test func tooShortForTheLengthField() throws {
        expectRejection(try write([1, 2, 3]), "3 bytes is shorter than the 8-byte header length")
        expectRejection(try write([]), "0 bytes is shorter than the 8-byte header length")
    }

    @Test func wrongMagicGivesAnAbsurdLength() throws {
        // A .npy file: its magic read as a length is far beyond the bound.
        let npy = NPY.encode(Tensor([1, 2, 3]))
        expectRejection(try write(npy), "more than the 100000000 accepted")
    }

    @Test func headerLongerThanTheFile() throws {
        expectRejection(try file(header: "{}", length: 50), "truncated: the header says 50 bytes, but only 2 follow the length field")
    }

    @Test func headerThatIsNotJSON() throws {
        expectRejection(try file(header: "GARBAGE!"), "the header does not start with '{'")
        expectRejection(try file(header: "{\"a\": [1, 2"), "the safetensors header is not valid: it is not valid JSON")
        expectRejection(
            try file(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": \"3\", \"data_offsets\": [0, 12]}}", data: floats12),
            "'w.shape' has the wrong type")
        expectRejection(try file(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [3]}}", data: floats12), "'w' has no 'data_offsets'")
    }

    @Test func unknownDtype() throws {
        let path = try file(header: "{\"w\": {\"dtype\": \"C64\", \"shape\": [3], \"data_offsets\": [0, 12]}}", data: floats12)
        expectRejection(path, "tensor 'w' has dtype 'C64', which Plexus does not read (it reads F32, F64", kind: .unsupported)
    }

    @Test func shapeThatDoesNotMatchTheBytes() throws {
        let path = try file(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 12]}}", data: floats12)
        expectRejection(path, "tensor 'w' of shape [2, 2] and dtype F32 needs 16 bytes, but its data_offsets span 12")
        let huge = try file(
            header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 12]}}", data: floats12)
        expectRejection(huge, "needs too many bytes")
        let negative = try file(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [-3], \"data_offsets\": [0, 12]}}", data: floats12)
        expectRejection(negative, "tensor 'w' has a negative size in its shape [-3]")
    }

    @Test func offsetsOutOfOrder() throws {
        let path = try file(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [12, 0]}}", data: floats12)
        expectRejection(path, "tensor 'w' has data_offsets [12, 0]; they must be [begin, end] with 0 <= begin <= end")
    }

    @Test func overlappingTensors() throws {
        let header =
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}"
        expectRejection(try file(header: header, data: floats12), "tensor 'b' (bytes 4..<12) overlaps tensor 'a'")
    }

    @Test func bytesThatBelongToNoTensor() throws {
        let gap =
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [8, 12]}}"
        expectRejection(try file(header: gap, data: floats12), "bytes 4..<8 of the data area belong to no tensor (before 'b')")
        let trailing = "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}"
        expectRejection(try file(header: trailing, data: floats12), "bytes 8..<12 of the data area belong to no tensor (trailing data)")
    }

    @Test func dataAreaTooShort() throws {
        let header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 12]}}"
        expectRejection(
            try file(header: header, data: Array(floats12.prefix(7))),
            "truncated: tensor 'w' ends at byte 12 of the data area, which has 7 bytes")
    }

    @Test func weightsWithoutPlexusMetadata() throws {
        let header = "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 12]}}"
        expectRejection(try file(header: header, data: floats12), "a safetensors file, but not a saved Plexus model")
        // As plain tensors it reads fine.
        let (tensors, metadata) = try Safetensors.read(try file(header: header, data: floats12))
        #expect(tensors["w"] == Tensor([0, 0, 0]) && metadata.isEmpty)
    }

    /// A real saved model with one metadata field rewritten.
    func savedModel(editing edit: (inout [String: String]) -> Void) throws -> String {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/model.plexus"
        try model.save(to: path)
        var (tensors, metadata) = try Safetensors.read(path)
        edit(&metadata)
        try Safetensors.write(tensors, metadata: metadata, to: path)
        return path
    }

    @Test func newerFormatSaysSo() throws {
        let path = try savedModel { $0["format_version"] = "3" }
        expectRejection(path, "written by a newer Plexus (format 3); this one reads up to 1", kind: .newerFormat)
    }

    @Test func badArchitectureIsAnErrorNotACrash() throws {
        let zeroUnits = try savedModel {
            $0["architecture"] = $0["architecture"]!.replacingOccurrences(of: "\"units\":8", with: "\"units\":0")
        }
        expectRejection(zeroUnits, "layer 'dense' (Dense): units must be a positive whole number, got 0")
        let unknown = try savedModel {
            $0["architecture"] = $0["architecture"]!.replacingOccurrences(of: "\"type\":\"Dense\"", with: "\"type\":\"LSTM\"")
        }
        expectRejection(unknown, "layer 'dense' has type 'LSTM', which this Plexus cannot build", kind: .unsupported)
        let garbage = try savedModel { $0["architecture"] = "{\"name\": 3}" }
        expectRejection(garbage, "the metadata 'architecture' does not describe a model: 'name' has the wrong type")
        let badActivation = try savedModel {
            $0["architecture"] = $0["architecture"]!.replacingOccurrences(of: "\"relu\"", with: "\"swish\"")
        }
        expectRejection(badActivation, "unknown activation 'swish'")
        let badOptimizer = try savedModel {
            $0["compile"] = $0["compile"]!.replacingOccurrences(of: "\"beta1\":0.9", with: "\"beta1\":1.5")
        }
        expectRejection(badOptimizer, "optimizer 'adam': beta1 must be in [0, 1), got 1.5")
    }

    @Test func convWindowLargerThanTheImageIsAnError() throws {
        let model = Sequential(inputShape: [6, 6, 1], seed: 1) {
            Conv2D(filters: 2, kernelSize: 3)
            Flatten()
            Dense(1)
        }
        let path = try IOTestSupport.folder() + "/conv.plexus"
        try model.save(to: path)
        var (tensors, metadata) = try Safetensors.read(path)
        metadata["architecture"] = metadata["architecture"]!.replacingOccurrences(
            of: "\"input_shape\":[6,6,1]", with: "\"input_shape\":[2,2,1]")
        try Safetensors.write(tensors, metadata: metadata, to: path)
        tensors = [:]
        expectRejection(path, "layer 1, Conv2D 'conv2d' on input [2, 2, 1]: kernel 3x3 is larger than the input 2x2")
    }

    @Test func weightOfTheWrongShapeMissingOrStray() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/model.plexus"
        try model.save(to: path)
        let (tensors, metadata) = try Safetensors.read(path)

        var wrong = tensors
        wrong["dense_1.kernel"] = Tensor.zeros([6, 8])
        try Safetensors.write(wrong, metadata: metadata, to: path)
        expectRejection(path, "the tensor 'dense_1.kernel' has shape [6, 8], but the model needs [8, 6]", kind: .mismatch)

        var missing = tensors
        missing["dense_2.bias"] = nil
        try Safetensors.write(missing, metadata: metadata, to: path)
        expectRejection(path, "the tensor 'dense_2.bias' is missing", kind: .mismatch)

        var stray = tensors
        stray["extra.thing"] = Tensor([1])
        try Safetensors.write(stray, metadata: metadata, to: path)
        expectRejection(path, "the tensor 'extra.thing' belongs to no part of the model", kind: .mismatch)

        var zeroScale = tensors
        zeroScale["preprocessing.input.scale"] = Tensor([1, 0, 1])
        try Safetensors.write(zeroScale, metadata: metadata, to: path)
        expectRejection(path, "holds a zero scale or a non-finite value")
    }

    @Test func everyTruncationIsAThrownError() throws {
        let model = Sequential(inputShape: [2], seed: 1) { Dense(2) }
        let bytes = try model.savedBytes(includeOptimizer: false)
        let path = try IOTestSupport.folder() + "/cut.plexus"
        for length in 0..<bytes.count {
            try Data(bytes[0..<length]).write(to: URL(fileURLWithPath: path))
            #expect(throws: ModelFileError.self) { try Sequential.load(from: path) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try Sequential.load(from: path).weights == model.weights)
    }

    @Test func missingFileIsADataError() throws {
        #expect {
            try Sequential.load(from: "/nonexistent/model.plexus")
        } throws: { error in
            (error as? DataError)?.kind == .fileNotFound && "\(error)" == "/nonexistent/model.plexus: no such file"
        }
    }

    @Test func otherDtypesAreConverted() throws {
        var data: [UInt8] = []
        for value in [1.5, -2.25] as [Double] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 } }
        for half: UInt16 in [0x3C00, 0xC000, 0x0001, 0x7C00] { withUnsafeBytes(of: half.littleEndian) { data += $0 } }
        for value: Int64 in [-7, 1 << 40] { withUnsafeBytes(of: value.littleEndian) { data += $0 } }
        let bf16: UInt16 = 0x3FC0  // 1.5
        withUnsafeBytes(of: bf16.littleEndian) { data += $0 }
        let header = """
            {"d": {"dtype": "F64", "shape": [2], "data_offsets": [0, 16]}, "h": {"dtype": "F16", "shape": [2, 2], "data_offsets": [16, 24]}, \
            "i": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]}, "b": {"dtype": "BF16", "shape": [], "data_offsets": [40, 42]}}
            """
        let (tensors, _) = try Safetensors.read(try file(header: header, data: data))
        #expect(tensors["d"]?.scalars == [1.5, -2.25])
        #expect(tensors["h"]?.scalars == [1, -2, 0x1p-24, .infinity] && tensors["h"]?.shape == [2, 2])
        #expect(tensors["i"]?.scalars == [-7, 0x1p40])
        #expect(tensors["b"]?.shape == [] && tensors["b"]?.scalar == 1.5)
    }
}
