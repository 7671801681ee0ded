import Foundation

/// Debian's HDF5 C library (`libhdf5-103-1`, HDF5 1.10), found at run time: the few functions
/// that reading and writing Keras weight files need, and nothing else. Plexus does not parse
/// HDF5 itself.
///
/// The serial library is not thread-safe, so every use goes through ``withLock(_:)``.
final class HDF5Library: @unchecked Sendable {
    // @unchecked: the function pointers are set once in init; `lock` serialises every call.
    typealias ID = Int64  // hid_t in HDF5 1.10
    typealias Status = Int32  // herr_t
    typealias Size = UInt64  // hsize_t

    /// The Debian package to install when the library is missing.
    static let debianPackage = "libhdf5-103-1"
    /// Where Debian and other systems put the library, most specific first.
    static let candidates = [
        "libhdf5_serial.so.103", "/usr/lib/x86_64-linux-gnu/hdf5/serial/libhdf5.so.103", "libhdf5.so.103",
        "libhdf5.so.310", "libhdf5.so.200", "libhdf5.so", "libhdf5.dylib", "/opt/homebrew/lib/libhdf5.dylib",
        "/usr/local/lib/libhdf5.dylib",
    ]

    // Constants of the C headers (H5public.h, H5Fpublic.h, H5Spublic.h, H5Tpublic.h).
    static let defaultProperties: ID = 0  // H5P_DEFAULT, also H5S_ALL and H5E_DEFAULT
    static let readOnly: UInt32 = 0  // H5F_ACC_RDONLY
    static let truncate: UInt32 = 2  // H5F_ACC_TRUNC
    static let scalarSpace: Int32 = 0  // H5S_SCALAR
    static let variableLength = Int.max &* 2 &+ 1  // H5T_VARIABLE, (size_t)-1
    static let utf8: Int32 = 1  // H5T_CSET_UTF8
    static let integerClass: Int32 = 0, floatClass: Int32 = 1  // H5T_INTEGER, H5T_FLOAT
    static let globalScope: Int32 = 1  // H5F_SCOPE_GLOBAL

    let fopen: @convention(c) (UnsafePointer<CChar>, UInt32, ID) -> ID
    let fcreate: @convention(c) (UnsafePointer<CChar>, UInt32, ID, ID) -> ID
    let fclose: @convention(c) (ID) -> Status
    let fflush: @convention(c) (ID, Int32) -> Status
    let fgetFileImage: @convention(c) (ID, UnsafeMutableRawPointer?, Int) -> Int
    let pcreate: @convention(c) (ID) -> ID
    let pclose: @convention(c) (ID) -> Status
    let psetFaplCore: @convention(c) (ID, Int, Bool) -> Status
    let psetFileImage: @convention(c) (ID, UnsafeMutableRawPointer?, Int) -> Status
    let gopen: @convention(c) (ID, UnsafePointer<CChar>, ID) -> ID
    let gcreate: @convention(c) (ID, UnsafePointer<CChar>, ID, ID, ID) -> ID
    let gclose: @convention(c) (ID) -> Status
    let ggetInfo: @convention(c) (ID, UnsafeMutableRawPointer) -> Status
    let lgetNameByIndex: @convention(c) (ID, UnsafePointer<CChar>, Int32, Int32, Size, UnsafeMutablePointer<CChar>?, Int, ID) -> Int
    let lexists: @convention(c) (ID, UnsafePointer<CChar>, ID) -> Int32
    let dopen: @convention(c) (ID, UnsafePointer<CChar>, ID) -> ID
    let dcreate: @convention(c) (ID, UnsafePointer<CChar>, ID, ID, ID, ID, ID) -> ID
    let dclose: @convention(c) (ID) -> Status
    let dgetSpace: @convention(c) (ID) -> ID
    let dgetType: @convention(c) (ID) -> ID
    let dread: @convention(c) (ID, ID, ID, ID, ID, UnsafeMutableRawPointer) -> Status
    let dwrite: @convention(c) (ID, ID, ID, ID, ID, UnsafeRawPointer) -> Status
    let screate: @convention(c) (Int32) -> ID
    let screateSimple: @convention(c) (Int32, UnsafePointer<Size>?, UnsafePointer<Size>?) -> ID
    let sgetNdims: @convention(c) (ID) -> Int32
    let sgetDims: @convention(c) (ID, UnsafeMutablePointer<Size>?, UnsafeMutablePointer<Size>?) -> Int32
    let sclose: @convention(c) (ID) -> Status
    let tgetClass: @convention(c) (ID) -> Int32
    let tcopy: @convention(c) (ID) -> ID
    let tsetSize: @convention(c) (ID, Int) -> Status
    let tsetCset: @convention(c) (ID, Int32) -> Status
    let tclose: @convention(c) (ID) -> Status
    let acreate: @convention(c) (ID, UnsafePointer<CChar>, ID, ID, ID, ID) -> ID
    let awrite: @convention(c) (ID, ID, UnsafeRawPointer) -> Status
    let aclose: @convention(c) (ID) -> Status

    /// Type and property-class identifiers: global variables of the library (`H5T_NATIVE_FLOAT_g`
    /// and so on), valid once `H5open` has run.
    let nativeFloat: ID, nativeInt64: ID, float32LittleEndian: ID, int64LittleEndian: ID, cString: ID
    let fileAccessClass: ID

    private let lock = NSLock()

    private init(_ library: DynamicLibrary) throws {
        typealias Open = @convention(c) () -> Status
        typealias SetAuto = @convention(c) (ID, UnsafeRawPointer?, UnsafeRawPointer?) -> Status
        _ = try library.function("H5open", as: Open.self)()
        // HDF5 prints its error stack to stderr by default; Plexus reports errors itself.
        _ = try library.function("H5Eset_auto2", as: SetAuto.self)(HDF5Library.defaultProperties, nil, nil)
        func f<T>(_ name: String, _ type: T.Type) throws -> T { try library.function(name, as: type) }
        fopen = try f("H5Fopen", type(of: fopen))
        fcreate = try f("H5Fcreate", type(of: fcreate))
        fclose = try f("H5Fclose", type(of: fclose))
        fflush = try f("H5Fflush", type(of: fflush))
        fgetFileImage = try f("H5Fget_file_image", type(of: fgetFileImage))
        pcreate = try f("H5Pcreate", type(of: pcreate))
        pclose = try f("H5Pclose", type(of: pclose))
        psetFaplCore = try f("H5Pset_fapl_core", type(of: psetFaplCore))
        psetFileImage = try f("H5Pset_file_image", type(of: psetFileImage))
        gopen = try f("H5Gopen2", type(of: gopen))
        gcreate = try f("H5Gcreate2", type(of: gcreate))
        gclose = try f("H5Gclose", type(of: gclose))
        ggetInfo = try f("H5Gget_info", type(of: ggetInfo))
        lgetNameByIndex = try f("H5Lget_name_by_idx", type(of: lgetNameByIndex))
        lexists = try f("H5Lexists", type(of: lexists))
        dopen = try f("H5Dopen2", type(of: dopen))
        dcreate = try f("H5Dcreate2", type(of: dcreate))
        dclose = try f("H5Dclose", type(of: dclose))
        dgetSpace = try f("H5Dget_space", type(of: dgetSpace))
        dgetType = try f("H5Dget_type", type(of: dgetType))
        dread = try f("H5Dread", type(of: dread))
        dwrite = try f("H5Dwrite", type(of: dwrite))
        screate = try f("H5Screate", type(of: screate))
        screateSimple = try f("H5Screate_simple", type(of: screateSimple))
        sgetNdims = try f("H5Sget_simple_extent_ndims", type(of: sgetNdims))
        sgetDims = try f("H5Sget_simple_extent_dims", type(of: sgetDims))
        sclose = try f("H5Sclose", type(of: sclose))
        tgetClass = try f("H5Tget_class", type(of: tgetClass))
        tcopy = try f("H5Tcopy", type(of: tcopy))
        tsetSize = try f("H5Tset_size", type(of: tsetSize))
        tsetCset = try f("H5Tset_cset", type(of: tsetCset))
        tclose = try f("H5Tclose", type(of: tclose))
        acreate = try f("H5Acreate2", type(of: acreate))
        awrite = try f("H5Awrite", type(of: awrite))
        aclose = try f("H5Aclose", type(of: aclose))
        func global(_ name: String) throws -> ID {
            guard let address = library.address(of: name) else { throw DynamicLibrary.MissingSymbol(library: library.path, symbol: name) }
            return address.load(as: ID.self)
        }
        nativeFloat = try global("H5T_NATIVE_FLOAT_g")
        nativeInt64 = try global("H5T_NATIVE_LLONG_g")
        float32LittleEndian = try global("H5T_IEEE_F32LE_g")
        int64LittleEndian = try global("H5T_STD_I64LE_g")
        cString = try global("H5T_C_S1_g")
        fileAccessClass = try global("H5P_CLS_FILE_ACCESS_ID_g")
    }

    private static let loaded: Result<HDF5Library, HDF5Error> = {
        guard let library = DynamicLibrary(candidates: candidates) else { return .failure(missing) }
        do {
            return .success(try HDF5Library(library))
        } catch {
            return .failure(HDF5Error("the HDF5 library \(library.path) cannot be used: \(error)"))
        }
    }()

    /// What opening a .keras file says where the library is not installed.
    static let missing = HDF5Error(
        "the HDF5 library is not installed; on Debian or Ubuntu install it with `apt-get install \(debianPackage)`")

    /// Whether the library is installed and usable (tests that need it check this).
    static var isAvailable: Bool { (try? loaded.get()) != nil }

    /// The library, or an error naming the package to install.
    static func shared() throws(HDF5Error) -> HDF5Library { try loaded.get() }

    /// Runs `body` while no other thread uses the library.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// A failure of the HDF5 library, or its absence; turned into a file error by the reader.
struct HDF5Error: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
