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

    /// Throws an ``InputError`` naming `option` when `path` cannot be (or become) a folder that
    /// takes new files: it or its `subfolders` exist but are not writable folders, or the
    /// nearest folder that exists above it cannot be written.
    static func checkWritableFolder(_ path: String, option: String, subfolders: [String] = []) throws {
        guard !path.isEmpty else { throw InputError("\(option): give a folder name") }
        for candidate in [path] + subfolders.map({ (path as NSString).appendingPathComponent($0) }) {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) else { continue }
            guard isFolder.boolValue else { throw InputError("\(option) \(path): \(candidate) is not a folder") }
            guard access(candidate, W_OK | X_OK) == 0 else {
                throw InputError("\(option) \(path): the folder \(candidate) is not writable")
            }
        }
        // A folder to be made: its nearest existing ancestor must take it.
        var ancestor = path
        while !FileManager.default.fileExists(atPath: ancestor) {
            let parent = (ancestor as NSString).deletingLastPathComponent
            ancestor = parent.isEmpty ? "." : parent
            if ancestor == "/" || ancestor == "." { break }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder), isFolder.boolValue else {
            throw InputError("\(option) \(path): \(ancestor) is not a folder")
        }
        guard access(ancestor, W_OK | X_OK) == 0 else { throw InputError("\(option) \(path): the folder \(ancestor) is not writable") }
    }
}
