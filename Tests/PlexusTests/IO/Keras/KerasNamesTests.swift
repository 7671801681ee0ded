import Testing
@testable import Plexus

/// Keras's spellings, which need no HDF5 library (these run everywhere).
struct KerasNamesTests {
    @Test(arguments: [
        ("Dense", "dense"), ("Conv2D", "conv2d"), ("MaxPooling2D", "max_pooling2d"), ("BatchNormalization", "batch_normalization"),
        ("GlobalAveragePooling2D", "global_average_pooling2d"), ("ReLU", "re_lu"),
        ("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy"),
    ])
    func snakeCaseIsKerasOwn(_ className: String, _ expected: String) {
        #expect(KerasNames.snakeCase(className) == expected)
    }

    @Test func weightGroupsAreCountedPerClass() {
        let groups = KerasNames.weightGroups(forClassNames: ["Normalization", "Dense", "Dropout", "Dense", "Dense", "Dropout"])
        #expect(
            groups == ["layers/normalization", "layers/dense", "layers/dropout", "layers/dense_1", "layers/dense_2", "layers/dropout_1"])
    }

    @Test func settingKeysAndKerasKeysAreInverse() {
        #expect(KerasNames.settingKey("kernel_size") == "kernelSize")
        #expect(KerasNames.kerasKey("kernelSize") == "kernel_size")
        #expect(KerasNames.settingKey("units") == "units")
    }

    @Test func aMissingLibraryNamesTheDebianPackage() {
        #expect(DynamicLibrary(candidates: ["libplexus-no-such-library.so.1"]) == nil)
        #expect(HDF5Library.missing.description.contains("apt-get install libhdf5-103-1"))
    }

    @Test func equivalentValuesCompareAsFloat32() {
        #expect(KerasLayerTranslation.equivalent(.number(0.2), .float(0.2)))
        #expect(KerasLayerTranslation.equivalent(.array([.integer(2), .integer(2)]), .array([.number(2), .integer(2)])))
        #expect(!KerasLayerTranslation.equivalent(.array([.integer(2)]), .array([.integer(2), .integer(2)])))
        #expect(KerasLayerTranslation.equivalent(.object(["l1": .integer(0)]), .object(["l1": .integer(0), "l2": .null])))
    }
}
