import Foundation
import Testing
@testable import Plexus

/// Damaged and hostile .keras files: each a thrown error that names the file and what is wrong
/// (and, for a layer, its place), never a trap or an allocation the file cannot justify.
@Suite(.enabled(if: HDF5Library.isAvailable, KerasFileSupport.hdf5Missing))
struct KerasHostileFileTests {
    /// Loads `path` and returns the error's text; records an issue when it loads.
    private func failure(_ path: String) -> String {
        do {
            _ = try Sequential.load(from: path)
            Issue.record("\(path) loaded")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// An empty weight file is refused before HDF5 sees it (given no bytes, HDF5 would open a
    /// file of its internal name on the disk instead).
    @Test func anEmptyWeightFileIsAClearError() throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("mlp", in: folder) { _ in
        } members: {
            $0["model.weights.h5"] = []
        }
        let message = failure(path)
        #expect(message.contains("an empty file, not an HDF5 file"), "\(message)")
    }

    @Test func anOptionPlexusLacksNamesTheLayerAndItsPlace() throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("cnn", in: folder) { config in
            KerasFileSupport.editLayer(4, in: &config) { $0["dilation_rate"] = [2, 2] }
        }
        let message = failure(path)
        #expect(message.contains("layer 4 'conv2d_1' (Conv2D): dilation_rate [2, 2] is not supported"), "\(message)")
        #expect(message.hasPrefix(path))
    }

    @Test(arguments: [
        ("units_of_another_name", "units_of_another_name 3 is not supported"),
        ("use_bias", "use_bias must be true or false, got \"yes\""),
        ("trainable", "trainable false"),
        ("dtype", "dtype \"float16\" is not supported"),
    ])
    func optionsPlexusCannotHonourAreRefused(_ key: String, _ expected: String) throws {
        let folder = try IOTestSupport.folder()
        let values: [String: Any] = ["units_of_another_name": 3, "use_bias": "yes", "trainable": false, "dtype": "float16"]
        let path = try KerasFileSupport.damaged("mlp", in: folder) { config in
            KerasFileSupport.editLayer(2, in: &config) { $0[key] = values[key] }
        }
        let message = failure(path)
        #expect(message.contains("layer 2 'dense' (Dense)") && message.contains(expected), "\(message)")
    }

    @Test func anUnknownLayerClassOrModelClassIsNamed() throws {
        let folder = try IOTestSupport.folder()
        let lstm = try KerasFileSupport.damaged("mlp", in: folder) { config in
            var model = config["config"] as! [String: Any]
            var layers = model["layers"] as! [[String: Any]]
            layers[3]["class_name"] = "LSTM"
            model["layers"] = layers
            config["config"] = model
        }
        #expect(failure(lstm).contains("layer 3 'dropout' (LSTM): Plexus has no such layer"))
        let functional = try KerasFileSupport.damaged("mlp", in: folder) { $0["class_name"] = "Functional" }
        #expect(failure(functional).contains("layer 2 'rescaling' (Rescaling) has no inbound_nodes"))
    }

    @Test func weightsThatDisagreeWithTheConfigurationAreAMismatch() throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("mlp", in: folder) { config in
            KerasFileSupport.editLayer(2, in: &config) { $0["units"] = 15 }
        }
        let message = failure(path)
        #expect(
            message.contains("'layers/dense/vars/0'") && message.contains("has shape [6, 16], but the configuration makes it [6, 15]"),
            "\(message)")
    }

    @Test func absurdShapesAreRefusedBeforeAnyWeightExists() throws {
        let folder = try IOTestSupport.folder()
        let huge = try KerasFileSupport.damaged("mlp", in: folder) { config in
            KerasFileSupport.editLayer(2, in: &config) { $0["units"] = 1 << 40 }
        }
        #expect(failure(huge).contains("does not hold together"))
        let input = try KerasFileSupport.damaged("mlp", in: folder) { config in
            KerasFileSupport.editLayer(0, in: &config) { $0["batch_shape"] = [NSNull(), -6] }
        }
        #expect(failure(input).contains("not a positive whole number"))
    }

    @Test func damagedArchivesAreClearErrors() throws {
        let folder = try IOTestSupport.folder()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: KerasFileSupport.path("mlp")))
        let truncated = folder + "/truncated.keras"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        #expect(failure(truncated).contains("truncated.keras"))

        let noWeights = try KerasFileSupport.damaged("mlp", in: folder) { _ in
        } members: {
            $0["model.weights.h5"] = nil
        }
        #expect(failure(noWeights).contains("has no model.weights.h5"))

        let garbage = try KerasFileSupport.damaged("cnn", in: folder) { _ in
        } members: {
            $0["model.weights.h5"] = Array("not hdf5".utf8)
        }
        #expect(failure(garbage).contains("not an HDF5 file"))

        let cutWeights = try KerasFileSupport.damaged("mixed", in: folder) { _ in
        } members: { members in
            members["model.weights.h5"] = Array(members["model.weights.h5"]!.prefix(3000))
        }
        #expect(!failure(cutWeights).isEmpty)

        let notJSON = try KerasFileSupport.damaged("mlp", in: folder) { _ in
        } members: {
            $0["config.json"] = Array("{\"class_name\":".utf8)
        }
        #expect(failure(notJSON).contains("config.json is not a JSON object"))
    }

    @Test func aZipBombIsRefusedBeforeInflating() throws {
        // A deflated member claiming 4 GB from a few bytes.
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("mlp", in: folder)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Patch the central directory entry of config.json: method deflate, huge uncompressed size.
        var position = bytes.count - 22
        position = Int(bytes.uint32(at: position + 16))
        for _ in 0..<2 {
            let nameLength = Int(bytes.uint16(at: position + 28))
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            if name == "config.json" {
                bytes[position + 10] = 8
                for offset in 0..<4 { bytes[position + 24 + offset] = 0xF0 }
            }
            position += 46 + nameLength
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let message = failure(path)
        #expect(message.contains("more than deflate can make of them") || message.contains("members add up to"), "\(message)")
    }

    @Test func unsupportedCompileSettingsAreNamed() throws {
        let folder = try IOTestSupport.folder()
        let path = try KerasFileSupport.damaged("mlp", in: folder) { config in
            var compile = config["compile_config"] as! [String: Any]
            var optimizer = compile["optimizer"] as! [String: Any]
            var settings = optimizer["config"] as! [String: Any]
            settings["amsgrad"] = true
            optimizer["config"] = settings
            compile["optimizer"] = optimizer
            config["compile_config"] = compile
        }
        #expect(failure(path).contains("compile_config: the optimizer option amsgrad true is not supported"))
    }
}
