import Foundation
import Testing
@testable import Plexus

/// `importWeights`: Keras and PyTorch layouts, from safetensors and NPZ, by order and by name.
@Suite struct ImportWeightsTests {
    /// A stored (uncompressed) zip of .npy members, as `np.savez` writes it.
    static func npz(_ arrays: [(String, Tensor)]) -> [UInt8] {
        var body: [UInt8] = [], directory: [UInt8] = []
        func le16(_ v: Int, _ out: inout [UInt8]) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: UInt32, _ out: inout [UInt8]) { for i in 0..<4 { out.append(UInt8(v >> (8 * UInt32(i)) & 0xFF)) } }
        for (name, tensor) in arrays {
            let data = NPY.encode(tensor), fileName = Array((name + ".npy").utf8)
            let crc = crc32(data), offset = body.count
            le32(0x0403_4B50, &body)
            le16(20, &body)
            le16(0, &body)
            le16(0, &body)
            le16(0, &body)
            le16(0, &body)
            le32(crc, &body)
            le32(UInt32(data.count), &body)
            le32(UInt32(data.count), &body)
            le16(fileName.count, &body)
            le16(0, &body)
            body += fileName + data
            le32(0x0201_4B50, &directory)
            le16(20, &directory)
            le16(20, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le32(crc, &directory)
            le32(UInt32(data.count), &directory)
            le32(UInt32(data.count), &directory)
            le16(fileName.count, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le16(0, &directory)
            le32(0, &directory)
            le32(UInt32(offset), &directory)
            directory += fileName
        }
        var end: [UInt8] = []
        le32(0x0605_4B50, &end)
        le16(0, &end)
        le16(0, &end)
        le16(arrays.count, &end)
        le16(arrays.count, &end)
        le32(UInt32(directory.count), &end)
        le32(UInt32(body.count), &end)
        le16(0, &end)
        return body + directory + end
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    func convNet(seed: UInt64) -> Sequential {
        Sequential(inputShape: [5, 4, 2], seed: seed) {
            Conv2D(filters: 3, kernelSize: (3, 2), activation: .relu, name: "conv")
            Flatten()
            Dropout(rate: 0.1)
            Dense(4, activation: .relu, name: "fc1")
            Dense(2, name: "fc2")
        }
    }

    @Test func pytorchLayoutIsTransposedAndPermuted() throws {
        let source = convNet(seed: 1)
        let conv = source.layers[0] as! Conv2D, fc1 = source.layers[3] as! Dense, fc2 = source.layers[4] as! Dense
        // What torch's state_dict holds for the same network: NCHW flatten order.
        let (h, w, c) = (3, 3, 3)
        let fc1Torch = fc1.kernel!.value.reshaped([h, w, c, 4]).permuted([3, 2, 0, 1]).reshaped([4, c * h * w])
        let torch: [String: Tensor] = [
            "conv.weight": conv.kernel!.value.permuted([3, 2, 0, 1]), "conv.bias": Tensor([0.1, 0.2, 0.3]),
            "fc1.weight": fc1Torch, "fc1.bias": Tensor([1, 2, 3, 4]),
            "fc2.weight": fc2.kernel!.value.transposed(), "fc2.bias": Tensor([-1, 1]),
        ]
        #expect(torch["conv.weight"]?.shape == [3, 2, 3, 2])
        let path = try IOTestSupport.folder() + "/torch.safetensors"
        try Safetensors.write(torch, to: path)

        for mapping in WeightMapping.allCases {
            let target = convNet(seed: 2)
            try target.importWeights(from: path, layout: .pytorch, mapping: mapping)
            #expect(IOTestSupport.bits(target.layers[0].parameters[0].value) == IOTestSupport.bits(conv.kernel!.value))
            #expect(IOTestSupport.bits(target.layers[3].parameters[0].value) == IOTestSupport.bits(fc1.kernel!.value))
            #expect(IOTestSupport.bits(target.layers[4].parameters[0].value) == IOTestSupport.bits(fc2.kernel!.value))
            #expect(target.layers[3].parameters[1].value == Tensor([1, 2, 3, 4]))
        }
    }

    @Test func kerasLayoutFromNPZByOrderAndByName() throws {
        let source = try IOTestSupport.trainedDenseModel().model
        let folder = try IOTestSupport.folder()
        // By order: np.savez(path, *model.get_weights()) names them arr_0, arr_1, ...
        let positional = source.weights.enumerated().map { ("arr_\($0.offset)", $0.element) }
        try Data(Self.npz(positional)).write(to: URL(fileURLWithPath: folder + "/keras.npz"))
        let byOrder = Sequential(inputShape: [3], seed: 77) {
            Dense(8, activation: .relu)
            Dense(6)
            Dense(3)
        }
        try byOrder.importWeights(from: folder + "/keras.npz")
        #expect(byOrder.weights == source.weights)

        // By name, in a scrambled order.
        let named = source.namedWeights().reversed().map { ($0.name, $0.parameter.value) }
        try Data(Self.npz(named)).write(to: URL(fileURLWithPath: folder + "/named.npz"))
        let byName = Sequential(inputShape: [3], seed: 78) {
            Dense(8, activation: .relu)
            Dense(6)
            Dense(3)
        }
        try byName.importWeights(from: folder + "/named.npz", mapping: .byName)
        #expect(byName.weights == source.weights)
    }

    @Test func savedPlexusModelImportsByName() throws {
        let (source, x, _) = try IOTestSupport.trainedDenseModel()
        let path = try IOTestSupport.folder() + "/model.plexus"
        try source.save(to: path, includeOptimizer: true)
        let target = Sequential(inputShape: [3], seed: 5) {
            Dense(8, activation: .relu)
            Dense(6, activation: .leakyRelu(slope: 0.1))
            Dense(3)
        }
        try target.importWeights(from: path, mapping: .byName)
        target.inputNormalization = source.inputNormalization
        #expect(IOTestSupport.bits(try target.predict(x)) == IOTestSupport.bits(try source.predict(x)))
    }

    @Test func shapeMismatchNamesTheTensorAndBothShapes() throws {
        let path = try IOTestSupport.folder() + "/w.safetensors"
        try Safetensors.write(["0.weight": Tensor.zeros([4, 3]), "0.bias": Tensor.zeros([4])], to: path)
        let model = Sequential(inputShape: [5], seed: 1) { Dense(4) }
        let before = model.weights
        #expect {
            try model.importWeights(from: path, layout: .pytorch)
        } throws: { error in
            (error as? ModelFileError)?.kind == .mismatch
                && "\(error)"
                    == "\(path): the tensor '0.weight' has shape [4, 3], but the model's weight 'dense.kernel' of shape [5, 4] needs [4, 5] in PyTorch layout"
        }
        #expect(model.weights == before)
        #expect {
            try model.importWeights(from: path, layout: .keras)
        } throws: { error in
            "\(error)".contains(
                "the tensor '0.weight' has shape [4, 3], but the model's weight 'dense.kernel' of shape [5, 4] needs [5, 4] in Keras layout"
            )
        }
    }

    @Test func countAndNameMismatches() throws {
        let path = try IOTestSupport.folder() + "/w.safetensors"
        try Safetensors.write(["a": Tensor.zeros([2, 2])], to: path)
        let model = Sequential(inputShape: [2], seed: 1) { Dense(2) }
        #expect {
            try model.importWeights(from: path)
        } throws: { error in
            "\(error)" == "\(path): the file holds 1 tensors (a), but the model has 2 weights (dense.kernel, dense.bias)"
        }
        #expect {
            try model.importWeights(from: path, mapping: .byName)
        } throws: { error in
            "\(error)" == "\(path): no tensor 'dense.kernel' for the model's weight 'dense.kernel'; the file holds a"
        }
        let unbuilt = Sequential { Dense(2) }
        #expect(throws: ModelFileError.self) { try unbuilt.importWeights(from: path) }
    }

    @Test func naturalOrderPutsLayersInNumberOrder() {
        let names = ["layers.10.weight", "layers.2.bias", "layers.2.weight", "fc10.weight", "fc2.weight", "fc2.bias"]
        #expect(
            names.sorted(by: WeightFile.precedes) == [
                "fc2.weight", "fc2.bias", "fc10.weight", "layers.2.weight", "layers.2.bias", "layers.10.weight",
            ])
    }
}
