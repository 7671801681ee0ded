import Foundation
import Testing
@testable import Plexus

/// Safetensors headers and weight imports are checked before any tensor's data is read.
@Suite struct BoundedWeightReadingTests {
    /// A safetensors file: the 8-byte length (the header's, unless given), the header, `data`.
    static func safetensors(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
        HostileInputs.le64(length ?? UInt64(header.utf8.count)) + Array(header.utf8) + data
    }

    @Test func headerLengthOfTwoToTheSixtyThird() throws {
        let bytes = Self.safetensors(header: "{}", length: 1 << 63)
        let error = ModelFileTesting.error { try SafetensorsHeader.parse(bytes, name: "big.safetensors") }
        #expect(error?.kind == .malformed)
        #expect(
            error?.description
                == "big.safetensors: not a safetensors file: its first 8 bytes give a header of 9223372036854775808 bytes (more than the 100000000 accepted)"
        )
        let path = try IOTestSupport.folder() + "/big.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(ModelFileTesting.error { try Safetensors.read(path) }?.description.contains("9223372036854775808 bytes") == true)
        #expect(ModelFileTesting.error { try Sequential(inputShape: [2]) { Dense(1) }.importWeights(from: path) } != nil)
    }

    @Test func headerParsedFromBytes() throws {
        let good = Self.safetensors(
            header: "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data: Array(repeating: 0, count: 8))
        let header = try SafetensorsHeader.parse(good, name: "g")
        #expect(header.entries.map(\.name) == ["w"] && header.entries[0].shape == [2] && header.dataSize == 8)
        let lies: [(String, String)] = [
            (
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4611686018427387904]}}",
                "needs 8 bytes, but its data_offsets span 4611686018427387904"
            ),
            (
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824],\"data_offsets\":[0,8]}}",
                "needs 4611686018427387904 bytes, but its data_offsets span 8"
            ),
            ("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", "needs too many bytes"),
            (
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + Array(repeating: "1", count: 65).joined(separator: ",")
                    + "],\"data_offsets\":[0,4]}}", "has 65 dimensions, more than the 64"
            ),
            ("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", "bytes 0..<4 of the data area belong to no tensor"),
            (
                "{\"" + String(repeating: "n", count: 500) + "\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                "nnnnnnnnnn…' has dtype 'Q8'"
            ),
        ]
        for (json, message) in lies {
            let error = ModelFileTesting.error {
                try SafetensorsHeader.parse(Self.safetensors(header: json, data: Array(repeating: 0, count: 8)), name: "lie")
            }
            #expect(error?.description.contains(message) == true, "\(json.prefix(80)): \(error?.description ?? "")")
            #expect((error?.description.count ?? 0) < 400)
        }
        let notUTF8 = ModelFileTesting.error { try SafetensorsHeader.parse(HostileInputs.le64(4) + [0x7B, 0xFF, 0xFE, 0x7D], name: "u") }
        #expect(notUTF8?.description.contains("u: the safetensors header is not valid") == true)
        for cut in 0..<good.count {
            #expect(ModelFileTesting.error { try SafetensorsHeader.parse(Array(good[0..<cut]), name: "cut") } != nil, "cut at \(cut)")
        }
    }

    @Test func importChecksShapesBeforeReadingAnyData() throws {
        // Both members' data are damaged (their CRC-32s fail), but the wrong shape is found
        // first, from the NPY headers alone.
        let bytes = Self.withBadChecksums(ImportWeightsTests.npz([("kernel", Tensor.zeros([3, 2])), ("bias", Tensor.zeros([5]))]))
        let path = try IOTestSupport.folder() + "/w.npz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let model = Sequential(inputShape: [3], seed: 1) { Dense(2) }
        let error = ModelFileTesting.error { try model.importWeights(from: path) }
        #expect(error?.kind == .mismatch)
        #expect(
            error?.description
                == "\(path): the tensor 'bias' has shape [5], but the model's weight 'dense.bias' of shape [2] needs [2] in Keras layout")
        // With the right shapes, the damage is found when the data are read.
        let right = Self.withBadChecksums(ImportWeightsTests.npz([("kernel", Tensor.zeros([3, 2])), ("bias", Tensor.zeros([2]))]))
        try Data(right).write(to: URL(fileURLWithPath: path))
        #expect(DataTesting.message { try model.importWeights(from: path) }.contains("the data are corrupt (CRC-32 does not match)"))
    }

    /// A zip archive whose central directory gives every member a wrong CRC-32.
    static func withBadChecksums(_ zip: [UInt8]) -> [UInt8] {
        var bytes = zip
        for index in 0..<(bytes.count - 20) where bytes[index..<(index + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]) {
            bytes[index + 16] ^= 0xFF
        }
        return bytes
    }

    @Test func importFromAPipe() throws {
        let weights = SafetensorsWriter.encode(
            [(name: "dense.bias", tensor: Tensor([1, 2])), (name: "dense.kernel", tensor: Tensor.ones([3, 2]))], metadata: [:])
        let model = Sequential(inputShape: [3], seed: 1) { Dense(2) }
        try HostileInputs.withPipe(weights) { try model.importWeights(from: $0, mapping: .byName) }
        #expect(model.weights == [Tensor.ones([3, 2]), Tensor([1, 2])])
        let npz = ImportWeightsTests.npz([("k", Tensor.ones([3, 2])), ("b", Tensor([3, 4]))])
        try HostileInputs.withPipe(npz) { try model.importWeights(from: $0) }
        #expect(model.weights[1] == Tensor([3, 4]))
    }

    @Test func aModelFileOverTheLimitIsRefusedWithoutReadingIt() throws {
        let (model, _, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/model.plexus"
        try model.save(to: path)
        let error = ReadLimits.withMaximumInputBytes(1000) { DataTesting.error { try Sequential.load(from: path) } }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("\(path): is ") == true)
        #expect(error?.description.contains("bytes, more than 1000 bytes, the limit on bytes read from one input") == true)
    }
}
