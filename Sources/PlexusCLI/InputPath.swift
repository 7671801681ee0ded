import Foundation

/// What an input path is, with a message that names the real problem when it cannot be
/// used: missing, unreachable, unreadable, a folder, or something other than a file.
enum InputPath {
    enum Kind {
        /// A regular file, read by path (more than once if need be).
        case file
        /// A pipe or character device: readable once only.
        case stream
        case folder
    }

    /// The kind of thing at `path`.
    /// - Parameter whatIsWanted: what the option takes, for the message when nothing is there.
    /// - Throws: ``InputError`` saying what is wrong.
    static func kind(of path: String, whatIsWanted: String) throws -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            var link = stat()
            if code == ENOENT && lstat(path, &link) == 0 {
                throw InputError("\(quoted(path)) is a symbolic link to a file that does not exist")
            }
            if code == ENOENT { throw InputError("no such file or folder: \(quoted(path)); give \(whatIsWanted)") }
            if code == ENOTDIR { throw InputError("\(quoted(path)): a part of the path is a file, not a folder") }
            throw InputError("\(quoted(path)) cannot be reached (\(String(cString: strerror(code))))")
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            guard access(path, R_OK | X_OK) == 0 else {
                throw InputError("\(quoted(path)) is a folder that cannot be read (\(String(cString: strerror(errno))))")
            }
            return .folder
        case S_IFREG, S_IFIFO, S_IFCHR:
            guard access(path, R_OK) == 0 else {
                throw InputError("\(quoted(path)) exists but cannot be read (\(String(cString: strerror(errno))))")
            }
            return (status.st_mode & S_IFMT) == S_IFREG ? .file : .stream
        default:
            throw InputError("\(quoted(path)) is not a regular file, a pipe or a folder (a socket or block device cannot be read as data)")
        }
    }

    /// Throws unless the folder `path` holds IDX files (names with `idx` in them), so that a
    /// folder of something else is called that, not a data set with a missing file.
    static func requireIDXFiles(in path: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw InputError("\(quoted(path)) is a folder that cannot be read (\(describe(error)))")
        }
        guard names.contains(where: { $0.lowercased().contains("idx") }) else {
            throw InputError(
                "\(quoted(path)) is a folder without IDX files; a data set folder holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each optionally .gz)"
            )
        }
    }
}
