/// An HDF5 file held in memory (HDF5's "core" driver without a backing file): read from the
/// bytes of a zip member, or built and returned as bytes. Paths are HDF5 paths from the root
/// (`layers/dense/vars/0`). Only float32 datasets, groups and string attributes are used, as
/// Keras weight files need.
final class HDF5File {
    private let library: HDF5Library
    private let file: HDF5Library.ID
    /// How errors refer to the file.
    let name: String

    private init(library: HDF5Library, file: HDF5Library.ID, name: String) {
        self.library = library
        self.file = file
        self.name = name
    }

    /// Runs `body` on the HDF5 file whose bytes are `image`.
    ///
    /// - Throws: ``HDF5Error`` when the library is missing or the bytes are not an HDF5 file.
    static func reading<T>(_ image: [UInt8], name: String, _ body: (HDF5File) throws -> T) throws -> T {
        let library = try HDF5Library.shared()
        // Without an image, HDF5 would open a file of that name on the disk instead.
        guard !image.isEmpty else { throw HDF5Error("\(name): an empty file, not an HDF5 file") }
        return try library.withLock {
            let access = try accessProperties(library)
            defer { _ = library.pclose(access) }
            var copy = image  // H5Pset_file_image copies the bytes; it wants a mutable pointer
            let status = copy.withUnsafeMutableBytes { library.psetFileImage(access, $0.baseAddress, $0.count) }
            guard status >= 0 else { throw HDF5Error("\(name): HDF5 cannot take the file's bytes") }
            let file = library.fopen("plexus-image.h5", HDF5Library.readOnly, access)
            guard file >= 0 else { throw HDF5Error("\(name): not an HDF5 file, or a damaged one") }
            defer { _ = library.fclose(file) }
            return try body(HDF5File(library: library, file: file, name: name))
        }
    }

    /// The bytes of a new HDF5 file that `body` fills.
    static func writing(name: String, _ body: (HDF5File) throws -> Void) throws -> [UInt8] {
        let library = try HDF5Library.shared()
        return try library.withLock {
            let access = try accessProperties(library)
            defer { _ = library.pclose(access) }
            let file = library.fcreate("plexus-image.h5", HDF5Library.truncate, HDF5Library.defaultProperties, access)
            guard file >= 0 else { throw HDF5Error("\(name): HDF5 cannot create a file in memory") }
            defer { _ = library.fclose(file) }
            try body(HDF5File(library: library, file: file, name: name))
            guard library.fflush(file, HDF5Library.globalScope) >= 0 else { throw HDF5Error("\(name): HDF5 cannot finish the file") }
            let size = library.fgetFileImage(file, nil, 0)
            guard size > 0 else { throw HDF5Error("\(name): HDF5 cannot give the file's bytes") }
            var bytes = [UInt8](repeating: 0, count: size)
            let copied = bytes.withUnsafeMutableBytes { library.fgetFileImage(file, $0.baseAddress, size) }
            guard copied == size else { throw HDF5Error("\(name): HDF5 gave \(copied) of the file's \(size) bytes") }
            return bytes
        }
    }

    /// File access through memory only: the core driver, never written to disk.
    private static func accessProperties(_ library: HDF5Library) throws -> HDF5Library.ID {
        let access = library.pcreate(library.fileAccessClass)
        guard access >= 0, library.psetFaplCore(access, 1 << 16, false) >= 0 else {
            throw HDF5Error("HDF5 cannot set up an in-memory file")
        }
        return access
    }

    // MARK: Reading

    /// Whether `path` names a group or dataset (each of its parents is checked first, as
    /// HDF5 asks).
    func exists(_ path: String) -> Bool {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            guard library.lexists(file, prefix, HDF5Library.defaultProperties) > 0 else { return false }
        }
        return true
    }

    /// The names of the members of the group at `path`, in name order; at most `limit` of them.
    func memberNames(of path: String, limit: Int) throws -> [String] {
        let group = library.gopen(file, path, HDF5Library.defaultProperties)
        guard group >= 0 else { throw HDF5Error("\(name): '\(path)' is not a group") }
        defer { _ = library.gclose(group) }
        var info = [UInt64](repeating: 0, count: 8)  // H5G_info_t: storage type, then nlinks (hsize_t)
        guard info.withUnsafeMutableBytes({ library.ggetInfo(group, $0.baseAddress!) }) >= 0 else {
            throw HDF5Error("\(name): the group '\(path)' cannot be read")
        }
        let count = info[1]
        guard count <= UInt64(limit) else {
            throw HDF5Error("\(name): the group '\(path)' has \(count) members, more than the \(limit) expected")
        }
        return try (0..<count).map { index in
            let length = library.lgetNameByIndex(group, ".", 0, 0, index, nil, 0, HDF5Library.defaultProperties)
            guard length >= 0, length < 4096 else { throw HDF5Error("\(name): a member name in '\(path)' cannot be read") }
            var buffer = [CChar](repeating: 0, count: length + 1)
            _ = library.lgetNameByIndex(group, ".", 0, 0, index, &buffer, length + 1, HDF5Library.defaultProperties)
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The shape of the numeric dataset at `path`.
    func datasetShape(_ path: String) throws -> [Int] {
        try withDataset(path) { dataset in
            let type = library.dgetType(dataset)
            defer { _ = library.tclose(type) }
            let typeClass = library.tgetClass(type)
            guard typeClass == HDF5Library.floatClass || typeClass == HDF5Library.integerClass else {
                throw HDF5Error("\(name): the dataset '\(path)' does not hold numbers")
            }
            let space = library.dgetSpace(dataset)
            defer { _ = library.sclose(space) }
            let rank = library.sgetNdims(space)
            guard rank >= 0, rank <= 32 else { throw HDF5Error("\(name): the dataset '\(path)' has no readable shape") }
            var dims = [HDF5Library.Size](repeating: 0, count: 32)
            guard library.sgetDims(space, &dims, nil) == rank else {
                throw HDF5Error("\(name): the dataset '\(path)' has no readable shape")
            }
            return try dims.prefix(Int(rank)).map { dim in
                guard dim <= UInt64(Int32.max) else { throw HDF5Error("\(name): the dataset '\(path)' has a dimension of \(dim)") }
                return Int(dim)
            }
        }
    }

    /// The values of the dataset at `path` as float32 (HDF5 converts other number types);
    /// `count` is its number of elements, which the caller has checked against its shape.
    func readFloats(_ path: String, count: Int) throws -> [Float] {
        try withDataset(path) { dataset in
            var values = [Float](repeating: 0, count: count)
            let status = values.withUnsafeMutableBytes {
                library.dread(dataset, library.nativeFloat, 0, 0, HDF5Library.defaultProperties, $0.baseAddress!)
            }
            guard status >= 0 else { throw HDF5Error("\(name): the dataset '\(path)' cannot be read (damaged?)") }
            return values
        }
    }

    private func withDataset<T>(_ path: String, _ body: (HDF5Library.ID) throws -> T) throws -> T {
        guard exists(path) else { throw HDF5Error("\(name): there is no dataset '\(path)'") }
        let dataset = library.dopen(file, path, HDF5Library.defaultProperties)
        guard dataset >= 0 else { throw HDF5Error("\(name): '\(path)' is not a dataset") }
        defer { _ = library.dclose(dataset) }
        return try body(dataset)
    }

    // MARK: Writing

    /// Makes the group `path` (its parent must exist).
    func createGroup(_ path: String) throws {
        let group = library.gcreate(file, path, 0, 0, 0)
        guard group >= 0 else { throw HDF5Error("\(name): HDF5 cannot make the group '\(path)'") }
        _ = library.gclose(group)
    }

    /// Writes a little-endian float32 dataset of `shape` at `path` (shape [] a scalar, as Keras
    /// keeps one number).
    func writeFloats(_ path: String, shape: [Int], _ values: [Float]) throws {
        try writeDataset(path, shape: shape.isEmpty ? nil : shape, fileType: library.float32LittleEndian, memoryType: library.nativeFloat) {
            write in
            values.withUnsafeBytes { write($0.baseAddress!) }
        }
    }

    /// Writes a little-endian int64 scalar dataset at `path`.
    func writeInt64(_ path: String, _ value: Int64) throws {
        try writeDataset(path, shape: nil, fileType: library.int64LittleEndian, memoryType: library.nativeInt64) { write in
            withUnsafeBytes(of: value) { write($0.baseAddress!) }
        }
    }

    private func writeDataset(
        _ path: String, shape: [Int]?, fileType: HDF5Library.ID, memoryType: HDF5Library.ID,
        _ body: ((UnsafeRawPointer) -> HDF5Library.Status) -> HDF5Library.Status
    ) throws {
        let dims = (shape ?? []).map { HDF5Library.Size($0) }
        let space = shape == nil ? library.screate(HDF5Library.scalarSpace) : library.screateSimple(Int32(dims.count), dims, nil)
        guard space >= 0 else { throw HDF5Error("\(name): HDF5 cannot describe the shape \(shape ?? [])") }
        defer { _ = library.sclose(space) }
        let dataset = library.dcreate(file, path, fileType, space, 0, 0, 0)
        guard dataset >= 0 else { throw HDF5Error("\(name): HDF5 cannot make the dataset '\(path)'") }
        defer { _ = library.dclose(dataset) }
        guard body({ library.dwrite(dataset, memoryType, 0, 0, HDF5Library.defaultProperties, $0) }) >= 0 else {
            throw HDF5Error("\(name): HDF5 cannot write the dataset '\(path)'")
        }
    }

    /// Sets the attribute `attribute` of the group `path` to a UTF-8 text, as h5py writes a
    /// Python `str` (a variable-length string).
    func setText(_ text: String, attribute: String, of path: String) throws {
        let group = library.gopen(file, path, HDF5Library.defaultProperties)
        guard group >= 0 else { throw HDF5Error("\(name): '\(path)' is not a group") }
        defer { _ = library.gclose(group) }
        let type = library.tcopy(library.cString)
        defer { _ = library.tclose(type) }
        guard library.tsetSize(type, HDF5Library.variableLength) >= 0, library.tsetCset(type, HDF5Library.utf8) >= 0 else {
            throw HDF5Error("\(name): HDF5 cannot describe a text attribute")
        }
        let space = library.screate(HDF5Library.scalarSpace)
        defer { _ = library.sclose(space) }
        let handle = library.acreate(group, attribute, type, space, 0, 0)
        guard handle >= 0 else { throw HDF5Error("\(name): HDF5 cannot make the attribute '\(attribute)' of '\(path)'") }
        defer { _ = library.aclose(handle) }
        let status = text.withCString { characters in
            withUnsafePointer(to: characters) { library.awrite(handle, type, UnsafeRawPointer($0)) }
        }
        guard status >= 0 else { throw HDF5Error("\(name): HDF5 cannot write the attribute '\(attribute)' of '\(path)'") }
    }
}
