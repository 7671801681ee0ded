@_spi(Fuzzing) import Plexus

/// The fuzz targets by name: each takes one input's bytes and may throw, never trap.
let fuzzTargets: [String: @Sendable ([UInt8]) throws -> Void] = [
    "csv": FuzzEntryPoints.csv,
    "gzip": FuzzEntryPoints.gzip,
    "npy": FuzzEntryPoints.npy,
    "npz": FuzzEntryPoints.npz,
    "idx": FuzzEntryPoints.idx,
    // The header alone from bytes, then the whole reader (tensor data too) from a file.
    "safetensors": { bytes in
        try? FuzzEntryPoints.safetensorsHeader(bytes)
        _ = try Safetensors.read(try ScratchFile.holding(bytes))
    },
    // A whole model file: metadata JSON, architecture, compile settings, weights.
    "model": { bytes in _ = try Sequential.load(from: try ScratchFile.holding(bytes)) },
    "layers": FuzzEntryPoints.layerSpecification,
    // A Keras 3 file: a zip ("PK") as a whole .keras file (zip, config, HDF5 weights), anything
    // else as its config.json alone (the configuration to model path, stopping at the weights).
    "keras": { bytes in
        let archive = bytes.starts(with: [0x50, 0x4B]) ? bytes : try FuzzEntryPoints.kerasArchive(config: bytes)
        _ = try Model.load(from: try ScratchFile.holding(archive, suffix: ".keras"))
    },
]
