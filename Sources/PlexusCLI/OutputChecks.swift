import Foundation

/// Checks made before any long work, so that a run is not lost at its end to a destination it
/// could never write: the folder exists and is writable, the path is not a folder.
enum OutputChecks {
    /// Throws an ``InputError`` naming `option` when `path` cannot receive a file.
    static func checkWritable(_ path: String, option: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw InputError("\(option) \(path): is a folder; give a file name")
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError("\(option) \(path): the folder \(folder) does not exist")
        }
        guard access(folder, W_OK) == 0 else {
            throw InputError("\(option) \(path): the folder \(folder) is not writable")
        }
    }
}
